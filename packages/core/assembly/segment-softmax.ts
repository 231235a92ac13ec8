// Softmax over each destination's incoming edges (attention over neighbours), stabilised by
// the segment's maximum; a destination's edges are contiguous in CSR order.
import { maxNaN } from './scalar';

/** `out[k,h] = exp(s[k,h] − m) / Σ exp(s[k',h] − m)` over the edges k' of k's row, m their maximum. */
export function segmentSoftmax(scores: usize, rowPtr: usize, out: usize, rows: i32, heads: i32): void {
  for (let i = 0; i < rows; i++) {
    const start = load<i32>(rowPtr + (<usize>i << 2));
    const end = load<i32>(rowPtr + (<usize>(i + 1) << 2));
    for (let h = 0; h < heads; h++) {
      let m: f32 = -Infinity;
      for (let k = start; k < end; k++) m = maxNaN(m, load<f32>(scores + (<usize>(k * heads + h) << 2)));
      let total: f32 = 0;
      for (let k = start; k < end; k++) {
        const at = <usize>(k * heads + h) << 2;
        const e = Mathf.exp(load<f32>(scores + at) - m);
        store<f32>(out + at, e);
        total += e;
      }
      for (let k = start; k < end; k++) {
        const at = out + (<usize>(k * heads + h) << 2);
        store<f32>(at, load<f32>(at) / total);
      }
    }
  }
}
