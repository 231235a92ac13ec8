// `out = cond ? a : b` over broadcast operands, one row at a time. Values are moved as raw
// 1- or 4-byte words, so one loop serves every dtype.
import { nextRow, offsetOf } from './rows';

function selectRow<T>(cond: usize, a: usize, b: usize, out: usize, n: i32, sc: i32, sa: i32, sb: i32): void {
  const w = sizeof<T>();
  for (let i = 0; i < n; i++) {
    const pick = load<u8>(cond + <usize>(i * sc)) != 0;
    store<T>(out + <usize>i * w, pick ? load<T>(a + <usize>(i * sa) * w) : load<T>(b + <usize>(i * sb) * w));
  }
}

/**
 * Selects per element over `rows` rows of `n`; `width` is the value size in bytes (1 or 4);
 * `sc`, `sa`, `sb` the inner strides (0 or 1). Outer strides are for cond, a, b, out.
 */
export function where(
  width: i32, cond: usize, a: usize, b: usize, out: usize, n: i32, sc: i32, sa: i32, sb: i32,
  rows: i32, ndim: i32, shape: usize, strides: usize, index: usize, offsets: usize,
): void {
  const w = <usize>width;
  for (let r = 0; r < rows; r++) {
    const pc = cond + <usize>offsetOf(offsets, 0);
    const pa = a + <usize>offsetOf(offsets, 1) * w;
    const pb = b + <usize>offsetOf(offsets, 2) * w;
    const po = out + <usize>offsetOf(offsets, 3) * w;
    if (width == 1) selectRow<u8>(pc, pa, pb, po, n, sc, sa, sb);
    else selectRow<u32>(pc, pa, pb, po, n, sc, sa, sb);
    nextRow(ndim, 4, shape, strides, index, offsets);
  }
}
