// dQuery of fused attention: each block of ROWS query rows walks the keys in tiles of KEYS,
// recomputing the tile's scores (productTile with the keys transposed) and dP = dO·Vᵀ
// (productTile with the values transposed), then P = exp(S − lse) from the saved
// log-sum-exp, dS = P ⊙ (dP − D), and dQ += scale · dS·K (accumulateTile). No score is
// stored beyond the tile.
import { dot, finishRow, rowAt } from './attention-rows';
import { accumulateTile, KEYS, productTile, ROWS } from './attention-tiles';
import { expV } from './simd';

/** Bytes of scratch one thread needs: two tiles, the row statistics and the dQ rows. */
export function attentionQueryGradScratchBytes(depth: i32): i32 {
  return (2 * ROWS * KEYS + 2 * ROWS + ROWS * depth) * 4 + 64;
}

/**
 * `dq [B, L, E]`: arguments as `attention`, plus the keys and values transposed per batch
 * (`kT [B, E, keyStride]`, `vT [B, Ev, keyStride]`), the keys as they are (for dS·K), and the
 * packed output and its gradient `[B, L, Ev + 1]`.
 */
export function attentionQueryGrad(
  q: usize, kT: usize, vT: usize, k: usize, mask: usize, out: usize, gradOut: usize, dq: usize, batch: i32, L: i32, S: i32,
  E: i32, Ev: i32, scale: f32, causal: bool, mb: i32, mr: i32, mc: i32, keyStride: i32, thread: i32, threads: i32, scratch: usize,
): void {
  const scores = scratch + <usize>thread * <usize>attentionQueryGradScratchBytes(E);
  const dps = scores + ROWS * KEYS * 4;
  const lses = dps + ROWS * KEYS * 4;
  const deltas = lses + ROWS * 4;
  const acc = deltas + ROWS * 4;
  const perBatch = (L + ROWS - 1) / ROWS;
  const blocks = batch * perBatch;
  const vscale = f32x4.splat(scale);
  for (let block = thread; block < blocks; block += threads) {
    const b = block / perBatch;
    const i0 = (block % perBatch) * ROWS;
    const rows = min(ROWS, L - i0);
    const row0 = b * L + i0;
    for (let r = 0; r < ROWS; r++) {
      // Rows past the block, and fully masked rows, have P = 0: a log-sum-exp of −∞ marks both.
      const g = rowAt(gradOut, row0 + r, Ev + 1);
      const o = rowAt(out, row0 + r, Ev + 1);
      store<f32>(lses + (<usize>r << 2), r < rows ? load<f32>(o + (<usize>Ev << 2)) : -Infinity);
      // D also carries the log-sum-exp's own gradient: dS = P ⊙ (dP − D + dlse).
      store<f32>(deltas + (<usize>r << 2), r < rows ? dot(g, o, Ev) - load<f32>(g + (<usize>Ev << 2)) : 0);
    }
    memory.fill(acc, 0, <usize>(ROWS * E) << 2);
    const keys = kT + ((<usize>b * <usize>E * <usize>keyStride) << 2);
    const values = vT + ((<usize>b * <usize>Ev * <usize>keyStride) << 2);
    const end = causal ? min(S, i0 + rows) : S;
    for (let j0 = 0; j0 < end; j0 += KEYS) {
      const cols = min(KEYS, end - j0);
      productTile(rowAt(q, row0, E), E, rows, keys + (<usize>j0 << 2), keyStride, E, scores);
      productTile(rowAt(gradOut, row0, Ev + 1), Ev + 1, rows, values + (<usize>j0 << 2), keyStride, Ev, dps);
      for (let r = 0; r < ROWS; r++) {
        const row = scores + (<usize>(r * KEYS) << 2);
        const dpRow = dps + (<usize>(r * KEYS) << 2);
        const lse = load<f32>(lses + (<usize>r << 2));
        const i = i0 + r;
        const dead = lse == -Infinity;
        const visible = dead ? 0 : min(cols, (causal ? min(S, i + 1) : S) - j0);
        // The exponent S − lse, −∞ where P is 0; then dS in place, four columns at a time.
        finishRow(row, KEYS, scale, dead ? 0 : -lse, 0, visible, mask, b, i, j0, false, mb, mr, mc);
        const delta = f32x4.splat(load<f32>(deltas + (<usize>r << 2)));
        for (let c = 0; c < KEYS; c += 4) {
          const o = <usize>c << 2;
          const p = expV(v128.load(row + o));
          // Where P = 0, dS = 0 even if dP is not finite (columns past the keys).
          const ds = f32x4.mul(f32x4.mul(p, f32x4.sub(v128.load(dpRow + o), delta)), vscale);
          v128.store(row + o, v128.bitselect(f32x4.splat(0), ds, f32x4.eq(p, f32x4.splat(0))));
        }
      }
      accumulateTile(acc, scores, rowAt(k, b * S + j0, E), E, cols, E);
    }
    memory.copy(rowAt(dq, row0, E), acc, <usize>(rows * E) << 2);
  }
}
