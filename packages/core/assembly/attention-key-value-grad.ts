// dKey and dValue of fused attention: each block of ROWS key rows walks the queries that see
// them in tiles of KEYS, recomputing Sᵀ = K·Qᵀ and dPᵀ = V·dOᵀ (productTile with the queries
// and output gradients transposed), P = exp(S − lse) from the saved log-sum-exp, then
// dV += Pᵀ·dO and dK += scale · dSᵀ·Q (accumulateTile). Each thread owns whole key rows of
// the output, so no two threads write one row.
import { finishRow, rowAt } from './attention-rows';
import { accumulateTile, KEYS, productTile, ROWS } from './attention-tiles';
import { expV } from './simd';

/** Bytes of scratch one thread needs: three tiles and the dK and dV rows. */
export function attentionKeyValueGradScratchBytes(depth: i32, valueDepth: i32): i32 {
  return (3 * ROWS * KEYS + ROWS * (depth + valueDepth)) * 4 + 64;
}

/**
 * `grads [B, S, E + Ev]`: dK beside dV. `qT [B, E, queryStride]` and `gT [B, Ev, queryStride]`
 * are the queries and the output gradients transposed per batch (queryStride ≥ L + KEYS);
 * `lse` and `delta` hold each query row's log-sum-exp and D (attentionRowStats), padded by
 * KEYS; other arguments as `attentionQueryGrad`.
 */
export function attentionKeyValueGrad(
  q: usize, qT: usize, k: usize, v: usize, gT: usize, gradOut: usize, lse: usize, delta: usize, mask: usize, grads: usize,
  batch: i32, L: i32, S: i32, E: i32, Ev: i32, scale: f32, causal: bool, mb: i32, mr: i32, mc: i32, queryStride: i32,
  thread: i32, threads: i32, scratch: usize,
): void {
  const scores = scratch + <usize>thread * <usize>attentionKeyValueGradScratchBytes(E, Ev);
  const dps = scores + ROWS * KEYS * 4;
  const ps = dps + ROWS * KEYS * 4;
  const dk = ps + ROWS * KEYS * 4;
  const dv = dk + (<usize>(ROWS * E) << 2);
  const perBatch = (S + ROWS - 1) / ROWS;
  const blocks = batch * perBatch;
  const width = E + Ev;
  const vscale = f32x4.splat(scale);
  for (let block = thread; block < blocks; block += threads) {
    const b = block / perBatch;
    const j0 = (block % perBatch) * ROWS;
    const keys = min(ROWS, S - j0);
    const key0 = b * S + j0;
    memory.fill(dk, 0, <usize>(ROWS * width) << 2);
    const queries = qT + ((<usize>b * <usize>E * <usize>queryStride) << 2);
    const grads0 = gT + ((<usize>b * <usize>Ev * <usize>queryStride) << 2);
    // With `causal`, key j is seen by queries j, j + 1, ...
    for (let i0 = causal ? j0 : 0; i0 < L; i0 += KEYS) {
      const cols = min(KEYS, L - i0);
      productTile(rowAt(k, key0, E), E, keys, queries + (<usize>i0 << 2), queryStride, E, scores);
      productTile(rowAt(v, key0, Ev), Ev, keys, grads0 + (<usize>i0 << 2), queryStride, Ev, dps);
      const lses = lse + (<usize>(b * L + i0) << 2);
      const deltas = delta + (<usize>(b * L + i0) << 2);
      for (let r = 0; r < ROWS; r++) {
        const row = scores + (<usize>(r * KEYS) << 2);
        const j = j0 + r;
        // Key j is seen by the queries of this tile from `from` on (all, without causal).
        const from = r < keys ? (causal ? max(0, j - i0) : 0) : KEYS;
        finishRow(row, KEYS, scale, 0, from, cols, mask, b, i0, j, true, mb, mr, mc);
        const dpRow = dps + (<usize>(r * KEYS) << 2);
        const pRow = ps + (<usize>(r * KEYS) << 2);
        for (let c = 0; c < KEYS; c += 4) {
          const o = <usize>c << 2;
          // S − lse per query; a fully masked query (lse = −∞) has P = 0.
          const l = v128.load(lses + o);
          const exponent = v128.bitselect(f32x4.splat(-Infinity), f32x4.sub(v128.load(row + o), l), f32x4.eq(l, f32x4.splat(-Infinity)));
          const p = expV(exponent);
          const ds = f32x4.mul(f32x4.mul(p, f32x4.sub(v128.load(dpRow + o), v128.load(deltas + o))), vscale);
          const zero = f32x4.eq(p, f32x4.splat(0));
          v128.store(pRow + o, p);
          v128.store(dpRow + o, v128.bitselect(f32x4.splat(0), ds, zero));
        }
      }
      accumulateTile(dv, ps, rowAt(gradOut, b * L + i0, Ev + 1), Ev + 1, cols, Ev);
      accumulateTile(dk, dps, rowAt(q, b * L + i0, E), E, cols, E);
    }
    for (let r = 0; r < keys; r++) {
      const o = rowAt(grads, key0 + r, width);
      memory.copy(o, rowAt(dk, r, E), <usize>E << 2);
      memory.copy(o + (<usize>E << 2), rowAt(dv, r, Ev), <usize>Ev << 2);
    }
  }
}
