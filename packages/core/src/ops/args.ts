// Argument handling shared by op definitions: turning scalars into tensors, checking that
// tensors are alive, and resolving the common dtype of operands.
import { promoteTypes, promoteWithScalar, type DType } from '../dtype.js';
import { fromValues, runKernel } from '../engine.js';
import { check, fmt, opError } from '../errors.js';
import { Tensor, type TensorLike } from '../tensor.js';
import { toTypedArray } from '../creation.js';

/** Checks that `x` is a live Tensor; names the op and argument otherwise. */
export function live(op: string, x: unknown, name = 'input'): Tensor {
  if (!(x instanceof Tensor)) throw opError(op, `${name} must be a Tensor, got ${describe(x)}`);
  if (x.isDisposed) throw opError(op, `${name} (shape ${fmt(x.shape)}) was used after dispose()`);
  return x;
}

function describe(x: unknown): string {
  if (Array.isArray(x)) return 'an array (wrap it with tensor())';
  return x === null ? 'null' : typeof x;
}

/** A 0-d tensor holding `value` as `dtype`, on the same backend as `like`. */
export function scalarLike(value: number | boolean, dtype: DType, like: Tensor): Tensor {
  return fromValues(toTypedArray([value], dtype), [], dtype, like.storage.backend);
}

/**
 * `x` as a kernel input of `dtype`: `x` itself when it already has that dtype, a cast
 * otherwise. Unlike the public `cast`, no view is made, so an op on float inputs adds no
 * handle to free and no node to autograd's graph.
 */
export function asDType(x: Tensor, dtype: DType): Tensor {
  return x.dtype === dtype ? x : runKernel('cast', [x], {}, x.shape, dtype);
}

/** Checks that a value is a JS scalar or a live tensor. */
function operandOf(op: string, x: TensorLike, name: string): TensorLike {
  if (typeof x === 'number' || typeof x === 'boolean') return x;
  return live(op, x, name);
}

/**
 * Resolves operands to tensors and their common dtype, with PyTorch's promotion: tensors
 * promote bool < int32 < float32, and a scalar only raises the category (scalars become 0-d
 * tensors of that dtype; tensors keep theirs). At least one must be a tensor.
 */
export function commonOperands(op: string, operands: readonly TensorLike[], names: readonly string[]): { tensors: Tensor[]; dtype: DType } {
  const values = operands.map((x, i) => operandOf(op, x, names[i]));
  const tensors = values.filter((x): x is Tensor => x instanceof Tensor);
  check(tensors.length > 0, op, () => 'expected at least one Tensor operand, got only scalars');
  let dtype = tensors.map((t) => t.dtype).reduce(promoteTypes);
  for (const v of values) if (!(v instanceof Tensor)) dtype = promoteWithScalar(dtype, v);
  const like = tensors[0];
  return { tensors: values.map((v) => (v instanceof Tensor ? v : scalarLike(v, dtype, like))), dtype };
}

/** Checks that all tensors share a backend. */
export function sameBackend(op: string, tensors: readonly Tensor[]): void {
  const first = tensors[0]?.storage.backend;
  for (const t of tensors) {
    check(t.storage.backend === first, op, () => `inputs live on different backends (${first?.name} and ${t.backend}); move one with await t.to('${first?.name}')`);
  }
}

/** Checks a float32 input where PyTorch requires a floating-point tensor. */
export function requireFloat(op: string, x: Tensor, name = 'input'): void {
  check(x.dtype === 'float32', op, () => `${name} must be float32, got ${x.dtype} (shape ${fmt(x.shape)}); convert with .float()`);
}

/** Checks an int32 index tensor. */
export function requireIndex(op: string, x: Tensor, name = 'index'): void {
  check(x.dtype === 'int32', op, () => `${name} must be an int32 tensor, got ${x.dtype} (shape ${fmt(x.shape)})`);
}
