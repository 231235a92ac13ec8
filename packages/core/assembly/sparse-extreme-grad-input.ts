// The gradient of a max/min graph aggregation with respect to the source features: a pull per
// source over the transposed CSR, each feature taking its share from the destinations where
// its message was the extreme, so no per-edge, per-feature mask is stored.
import { firstRowOf } from './graph-rows';
import { ifMatches, matches } from './extreme-match';

/**
 * `out[j,h,f] = Σ_{edges k: j → i} [weight[k,h] · x[j,h,f] = y[i,h,f]] · weight[k,h] · share[i,h,f]`
 * for this thread's sources j, walking their out-edges in the transpose (tRowPtr, tColIndex)
 * and reading each edge's weight at its CSR position (fromT).
 */
export function sparseExtremeGradInput(
  x: usize, weight: usize, y: usize, share: usize, tRowPtr: usize, tColIndex: usize, fromT: usize, out: usize,
  rows: i32, heads: i32, features: i32, thread: i32, threads: i32,
): void {
  const first = firstRowOf(tRowPtr, rows, thread, threads);
  const last = firstRowOf(tRowPtr, rows, thread + 1, threads);
  const stride = heads * features;
  for (let j = first; j < last; j++) {
    const o = <usize>(j * stride) << 2;
    memory.fill(out + o, 0, <usize>stride << 2);
    const end = load<i32>(tRowPtr + (<usize>(j + 1) << 2));
    for (let p = load<i32>(tRowPtr + (<usize>j << 2)); p < end; p++) {
      const d = <usize>(load<i32>(tColIndex + (<usize>p << 2)) * stride) << 2;
      const k = load<i32>(fromT + (<usize>p << 2));
      for (let h = 0; h < heads; h++) {
        const ws = load<f32>(weight + (<usize>(k * heads + h) << 2));
        const w = f32x4.splat(ws);
        let f = 0;
        for (; f + 4 <= features; f += 4) {
          const at = <usize>(h * features + f) << 2;
          const hit = matches(w, v128.load(x + o + at), v128.load(y + d + at));
          const add = v128.and(f32x4.mul(w, v128.load(share + d + at)), hit);
          v128.store(out + o + at, f32x4.add(v128.load(out + o + at), add));
        }
        for (; f < features; f++) {
          const at = <usize>(h * features + f) << 2;
          const add = ifMatches(ws, load<f32>(x + o + at), load<f32>(y + d + at), ws * load<f32>(share + d + at));
          store<f32>(out + o + at, load<f32>(out + o + at) + add);
        }
      }
    }
  }
}
