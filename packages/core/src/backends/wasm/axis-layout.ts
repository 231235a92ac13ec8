// Kernels along one axis (argReduce, cumsum, softmax, indexSelect, concat) see a contiguous
// tensor as [outer, size, inner].
import { sizeOf } from '../../shape.js';

/** `shape` split around `axis` into the products before it, its length, and after it. */
export function axisLayout(shape: readonly number[], axis: number): { outer: number; size: number; inner: number } {
  return { outer: sizeOf(shape.slice(0, axis)), size: shape[axis] ?? 1, inner: sizeOf(shape.slice(axis + 1)) };
}
