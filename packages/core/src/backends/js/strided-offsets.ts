// Flat element offsets of a strided walk. Broadcasting, strided views, reductions and
// index-based kernels all reduce to "which input element does output element i read",
// which this file answers once, as an array, so that each kernel's loop stays a plain loop.
import { broadcastStrides, sizeOf } from '../../shape.js';

/**
 * For every element of `shape` in row-major order, the flat offset
 * `offset + Σₖ iₖ·strides[k]`. Strides may be 0 or negative.
 * @example stridedOffsets([2, 2], [1, 2], 0) // [0, 2, 1, 3]: a transpose
 */
export function stridedOffsets(shape: readonly number[], strides: readonly number[], offset: number): Int32Array {
  const size = sizeOf(shape);
  const out = new Int32Array(size);
  if (size === 0) return out;
  const rank = shape.length;
  if (rank === 0) {
    out[0] = offset;
    return out;
  }
  const inner = shape[rank - 1];
  const innerStride = strides[rank - 1];
  const index = new Array<number>(rank - 1).fill(0);
  let base = offset;
  for (let i = 0; i < size; i += inner) {
    for (let j = 0; j < inner; j++) out[i + j] = base + j * innerStride;
    // Odometer over the outer dimensions.
    for (let d = rank - 2; d >= 0; d--) {
      base += strides[d];
      if (++index[d] < shape[d]) break;
      base -= strides[d] * shape[d];
      index[d] = 0;
    }
  }
  return out;
}

/**
 * Offsets that read a contiguous tensor of `shape` broadcast to `outShape`, or `undefined`
 * when no broadcast happens (equal sizes mean the layouts coincide), so callers index with
 * the output position directly.
 */
export function broadcastOffsets(shape: readonly number[], outShape: readonly number[]): Int32Array | undefined {
  if (sizeOf(shape) === sizeOf(outShape)) return undefined;
  return stridedOffsets(outShape, broadcastStrides(shape, outShape), 0);
}
