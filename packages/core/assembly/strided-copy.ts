// Materialises a strided view (transpose, slice, expand, flip...) row by row: contiguous
// rows are block copies, others gather with the row's stride. Also serves concat and pad,
// which copy a block of one tensor into a window of another.
import { copyWords, fillWords } from './copy';
import { nextRow, offsetOf } from './rows';

function copyRow<T>(src: usize, dst: usize, n: i32, stride: i32, dstStride: i32): void {
  const w = sizeof<T>();
  if (stride == 1 && dstStride == 1) {
    if (w == 4) copyWords(dst, src, n);
    else memory.copy(dst, src, <usize>n * w);
    return;
  }
  for (let i = 0; i < n; i++) store<T>(dst + <usize>(i * dstStride) * w, load<T>(src + <usize>(i * stride) * w));
}

/**
 * Copies `rows` rows of `n` elements of `width` bytes (1 or 4), read with inner stride
 * `stride` (any sign) and written with `dstStride`; outer strides are for the source and
 * the destination.
 */
export function stridedCopy(
  width: i32, src: usize, dst: usize, n: i32, stride: i32, dstStride: i32,
  rows: i32, ndim: i32, shape: usize, strides: usize, index: usize, offsets: usize,
): void {
  const w = <usize>width;
  for (let r = 0; r < rows; r++) {
    const ps = src + <usize>offsetOf(offsets, 0) * w;
    const pd = dst + <usize>offsetOf(offsets, 1) * w;
    if (width == 1) copyRow<u8>(ps, pd, n, stride, dstStride);
    else copyRow<u32>(ps, pd, n, stride, dstStride);
    nextRow(ndim, 2, shape, strides, index, offsets);
  }
}

/** Fills `n` elements of `width` bytes at `dst` with the bit pattern `bits`. */
export function fill(width: i32, dst: usize, n: i32, bits: i32): void {
  if (width == 1) {
    memory.fill(dst, <u8>bits, <usize>n);
    return;
  }
  fillWords(dst, n, bits);
}
