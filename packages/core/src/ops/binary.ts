// Arithmetic and comparisons of two broadcast operands, with PyTorch's type promotion.
import type { DType } from '../dtype.js';
import { runKernel, tidy } from '../engine.js';
import { check } from '../errors.js';
import type { BinaryOp, CompareOp } from '../kernels.js';
import { broadcastShapes } from '../shape.js';
import type { Tensor, TensorLike } from '../tensor.js';
import { asDType, commonOperands, sameBackend } from './args.js';
import { cast } from './cast.js';

const COMPARISONS: ReadonlySet<BinaryOp> = new Set<CompareOp>(['eq', 'ne', 'lt', 'le', 'gt', 'ge']);

function binaryOp(op: BinaryOp, a: TensorLike, b: TensorLike): Tensor {
  return tidy(() => {
    const { tensors, dtype } = commonOperands(op, [a, b], ['input', 'other']);
    sameBackend(op, tensors);
    const shape = broadcastShapes(op, tensors[0].shape, tensors[1].shape);
    const compare = COMPARISONS.has(op);
    let compute: DType = dtype;
    if (op === 'div') compute = 'float32'; // true division, as torch.div
    if (dtype === 'bool' && !compare && op !== 'div') {
      check(op !== 'sub' && op !== 'pow', op, () => 'is not supported on two bool tensors; use logical operations or convert with .int()');
      compute = 'int32'; // computed as integers, then read as bool: add is OR, mul is AND
    }
    const [x, y] = tensors.map((t) => asDType(t, compute));
    const out = runKernel('binary', [x, y], { op }, shape, compare ? 'bool' : compute);
    return dtype === 'bool' && compute === 'int32' ? cast(out, 'bool') : out;
  });
}

/** `a + b` with broadcasting. @example add(x, 1) */
export function add(a: TensorLike, b: TensorLike): Tensor { return binaryOp('add', a, b); }
/** `a - b` with broadcasting. */
export function sub(a: TensorLike, b: TensorLike): Tensor { return binaryOp('sub', a, b); }
/** `a * b` with broadcasting. */
export function mul(a: TensorLike, b: TensorLike): Tensor { return binaryOp('mul', a, b); }
/** `a / b` with broadcasting; always true division (integers give float32). */
export function div(a: TensorLike, b: TensorLike): Tensor { return binaryOp('div', a, b); }
/** `a ** b` with broadcasting. @example pow(x, 2) */
export function pow(a: TensorLike, b: TensorLike): Tensor { return binaryOp('pow', a, b); }
/** Element-wise maximum; NaN propagates. */
export function maximum(a: TensorLike, b: TensorLike): Tensor { return binaryOp('maximum', a, b); }
/** Element-wise minimum; NaN propagates. */
export function minimum(a: TensorLike, b: TensorLike): Tensor { return binaryOp('minimum', a, b); }
/** `a == b` as a bool tensor. */
export function eq(a: TensorLike, b: TensorLike): Tensor { return binaryOp('eq', a, b); }
/** `a != b` as a bool tensor. */
export function ne(a: TensorLike, b: TensorLike): Tensor { return binaryOp('ne', a, b); }
/** `a < b` as a bool tensor. */
export function lt(a: TensorLike, b: TensorLike): Tensor { return binaryOp('lt', a, b); }
/** `a <= b` as a bool tensor. */
export function le(a: TensorLike, b: TensorLike): Tensor { return binaryOp('le', a, b); }
/** `a > b` as a bool tensor. */
export function gt(a: TensorLike, b: TensorLike): Tensor { return binaryOp('gt', a, b); }
/** `a >= b` as a bool tensor. */
export function ge(a: TensorLike, b: TensorLike): Tensor { return binaryOp('ge', a, b); }
