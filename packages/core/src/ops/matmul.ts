// Matrix products with torch.matmul's rules: 1-D operands are promoted to matrices and the
// added dimension removed afterwards; batch dimensions broadcast.
import { runKernel, tidy } from '../engine.js';
import { check, fmt } from '../errors.js';
import { broadcastShapes } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { live, sameBackend } from './args.js';
import { reshape } from './reshape.js';

/**
 * The matrix product `a @ b`, batched over leading dimensions with broadcasting.
 * @example matmul(x, w) // [N, in] @ [in, out] → [N, out]
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  live('matmul', a, 'input');
  live('matmul', b, 'other');
  sameBackend('matmul', [a, b]);
  check(a.ndim >= 1 && b.ndim >= 1, 'matmul', () => `both arguments need at least 1 dimension, got ${fmt(a.shape)} @ ${fmt(b.shape)}`);
  check(a.dtype === b.dtype && a.dtype !== 'bool', 'matmul', () =>
    `expected two float32 or two int32 tensors, got ${a.dtype} ${fmt(a.shape)} @ ${b.dtype} ${fmt(b.shape)}`);
  const aShape = a.ndim === 1 ? [1, a.shape[0]] : a.shape;
  const bShape = b.ndim === 1 ? [b.shape[0], 1] : b.shape;
  const k = aShape[aShape.length - 1];
  check(k === bShape[bShape.length - 2], 'matmul', () => `inner dimensions differ: ${fmt(a.shape)} @ ${fmt(b.shape)}`);
  const batch = broadcastShapes('matmul', aShape.slice(0, -2), bShape.slice(0, -2));
  const m = aShape[aShape.length - 2];
  const n = bShape[bShape.length - 1];
  const outShape = [...batch, m, n];
  // The shape torch.matmul returns: the dimensions added for 1-D operands are dropped.
  const finalShape = [...batch, ...(a.ndim === 1 ? [] : [m]), ...(b.ndim === 1 ? [] : [n])];
  return tidy(() => {
    // Only 1-D operands are reshaped: a view of the same shape would be one more node for
    // autograd, and would hide from its backward pass that a weight is shared across steps.
    const operands = [a.ndim === 1 ? reshape(a, aShape) : a, b.ndim === 1 ? reshape(b, bShape) : b];
    const out = runKernel('matmul', operands, { transposeA: false, transposeB: false }, outShape, a.dtype);
    return finalShape.length === outShape.length ? out : reshape(out, finalShape);
  });
}
