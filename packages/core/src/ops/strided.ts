// The one place ops materialise strided views (transpose, slice, expand, flip...) through
// the stridedCopy kernel, skipping the copy when the view is the whole input in order.
import { runKernel, view } from '../engine.js';
import { shapesEqual, stridesOf } from '../shape.js';
import type { Tensor } from '../tensor.js';

/** Copies the view of `x` given by `shape`, `strides` (in elements) and `offset`. */
export function strided(x: Tensor, shape: readonly number[], strides: readonly number[], offset: number): Tensor {
  const contiguous = stridesOf(shape);
  const inOrder = offset === 0 && shape.every((d, i) => d <= 1 || strides[i] === contiguous[i]);
  if (inOrder && shapesEqual(shape, x.shape)) return view(x, shape);
  return runKernel('stridedCopy', [x], { strides: [...strides], offset }, shape, x.dtype);
}
