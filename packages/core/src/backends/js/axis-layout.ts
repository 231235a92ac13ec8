// Kernels that work along one axis (cumsum, softmax, concat, the index kernels) see a
// contiguous tensor as `[outer, size, inner]`: element (o, k, i) lives at
// `(o·size + k)·inner + i`.
import { opError } from '../../errors.js';
import { sizeOf, stridesOf } from '../../shape.js';
import { stridedOffsets } from './strided-offsets.js';

/** A contiguous shape seen as `[outer, size, inner]` around `axis`. */
export interface AxisLayout {
  /** Product of the dimensions before the axis. */
  readonly outer: number;
  /** Length of the axis. */
  readonly size: number;
  /** Product of the dimensions after the axis (the axis's stride). */
  readonly inner: number;
}

/** Splits `shape` around `axis`. */
export function axisLayout(shape: readonly number[], axis: number): AxisLayout {
  return { outer: sizeOf(shape.slice(0, axis)), size: shape[axis], inner: sizeOf(shape.slice(axis + 1)) };
}

/**
 * For each position p of `indexShape` (row-major), the offset in a contiguous tensor of
 * `targetShape` of p with its `axis` coordinate set to 0: adding `index · stride` gives the
 * element an index picks (gather, scatter). `indexShape` may be smaller than `targetShape`.
 */
export function offsetsBesideAxis(indexShape: readonly number[], targetShape: readonly number[], axis: number): Int32Array {
  const strides = stridesOf(targetShape);
  strides[axis] = 0;
  return stridedOffsets(indexShape, strides, 0);
}

/**
 * Throws `<op>: index 7 is <phrase> for dim 1 with size 3` unless `0 <= index < size`
 * (negative indices are errors, as in torch.gather, index_select and scatter_reduce).
 */
export function checkIndex(op: string, index: number, axis: number, size: number, phrase: 'out of bounds' | 'out of range'): void {
  if (index < 0 || index >= size) throw opError(op, `index ${index} is ${phrase} for dim ${axis} with size ${size}`);
}
