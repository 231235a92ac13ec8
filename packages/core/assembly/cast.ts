// Conversions between float32, int32 and bool over contiguous values: float → int truncates
// (with PyTorch's −2³¹ for NaN and overflow), anything → bool is `!= 0`.
import { floatToInt32 } from './scalar';

const FLOAT32 = 0, INT32 = 1;

/** Converts `n` values from dtype `from` to dtype `to` (0 float32, 1 int32, 2 bool). */
export function cast(from: i32, to: i32, x: usize, out: usize, n: i32): void {
  if (from == to) {
    memory.copy(out, x, from == 2 ? <usize>n : <usize>n << 2);
    return;
  }
  for (let i = 0; i < n; i++) {
    const src = x + (from == 2 ? <usize>i : <usize>i << 2);
    const dst = out + (to == 2 ? <usize>i : <usize>i << 2);
    if (from == FLOAT32) {
      const v = load<f32>(src);
      if (to == INT32) store<i32>(dst, floatToInt32(v));
      else store<u8>(dst, <u8>(v != 0));
    } else if (from == INT32) {
      const v = load<i32>(src);
      if (to == FLOAT32) store<f32>(dst, <f32>v);
      else store<u8>(dst, <u8>(v != 0));
    } else {
      const v = load<u8>(src);
      if (to == FLOAT32) store<f32>(dst, <f32>v);
      else store<i32>(dst, <i32>v);
    }
  }
}
