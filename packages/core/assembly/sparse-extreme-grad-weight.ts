// The gradient of a max/min graph aggregation with respect to the edge weights: per edge and
// head, the sum over the features where the edge's message was the extreme of its source
// feature times the destination's share: one number per edge, not one per edge and feature.
import { firstRowOf } from './graph-rows';
import { ifMatches, matches } from './extreme-match';
import { hsum } from './simd';

/**
 * `out[k,h] = Σ_f [weight[k,h] · x[j,h,f] = y[i,h,f]] · x[j,h,f] · share[i,h,f]` for the CSR
 * edges k (j → i) of this thread's rows i.
 */
export function sparseExtremeGradWeight(
  x: usize, weight: usize, y: usize, share: usize, rowPtr: usize, colIndex: usize, out: usize,
  rows: i32, heads: i32, features: i32, thread: i32, threads: i32,
): void {
  const first = firstRowOf(rowPtr, rows, thread, threads);
  const last = firstRowOf(rowPtr, rows, thread + 1, threads);
  const stride = heads * features;
  for (let i = first; i < last; i++) {
    const d = <usize>(i * stride) << 2;
    const end = load<i32>(rowPtr + (<usize>(i + 1) << 2));
    for (let k = load<i32>(rowPtr + (<usize>i << 2)); k < end; k++) {
      const s = <usize>(load<i32>(colIndex + (<usize>k << 2)) * stride) << 2;
      for (let h = 0; h < heads; h++) {
        const ws = load<f32>(weight + (<usize>(k * heads + h) << 2));
        const w = f32x4.splat(ws);
        let acc = f32x4.splat(0);
        let f = 0;
        for (; f + 4 <= features; f += 4) {
          const at = <usize>(h * features + f) << 2;
          const v = v128.load(x + s + at);
          acc = f32x4.add(acc, v128.and(f32x4.mul(v, v128.load(share + d + at)), matches(w, v, v128.load(y + d + at))));
        }
        let dot = hsum(acc);
        for (; f < features; f++) {
          const at = <usize>(h * features + f) << 2;
          const v = load<f32>(x + s + at);
          dot += ifMatches(ws, v, load<f32>(y + d + at), v * load<f32>(share + d + at));
        }
        store<f32>(out + (<usize>(k * heads + h) << 2), dot);
      }
    }
  }
}
