// torch.gather: out has the index's shape and reads x at the index's own position with the
// coordinate along `axis` replaced by the index value.
import { nextRow, offsetOf } from './rows';
import { firstOutOfRange } from './index-check';

/**
 * `out[p] = x[p with axis coordinate index[p]]`. Rows run over the index's last dimension:
 * `xInner` is x's stride along it (0 when it is the gathered axis), `axisStride` x's stride
 * along the axis; outer strides are for the index (and out) and for x. Returns 0, or one
 * more than the flat position of the first index outside [0, size).
 */
export function gather(
  width: i32, x: usize, index: usize, out: usize, count: i32, size: i32, xInner: i32, axisStride: i32,
  n: i32, rows: i32, ndim: i32, shape: usize, strides: usize, at: usize, offsets: usize,
): i32 {
  const bad = firstOutOfRange(index, count, size);
  if (bad != 0) return bad;
  const w = <usize>width;
  for (let r = 0; r < rows; r++) {
    const p = offsetOf(offsets, 0);
    const px = offsetOf(offsets, 1);
    for (let i = 0; i < n; i++) {
      const src = x + <usize>(px + i * xInner + load<i32>(index + (<usize>(p + i) << 2)) * axisStride) * w;
      const dst = out + <usize>(p + i) * w;
      if (width == 1) store<u8>(dst, load<u8>(src));
      else store<u32>(dst, load<u32>(src));
    }
    nextRow(ndim, 2, shape, strides, at, offsets);
  }
  return 0;
}
