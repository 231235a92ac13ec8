// dQuery of fused attention: four query rows at a time, one per vector lane, stream every key
// they see, recomputing P = exp(S − lse) from the saved log-sum-exp; no score is stored.
import { axpy, dot, lane, lanes, rowAt, scoreOf } from './attention-rows';
import { expV } from './simd';

/** Row r's saved log-sum-exp, −∞ past the block (such lanes get no gradient). */
@inline function lseOf(out: usize, row: i32, r: i32, rows: i32, Ev: i32): f32 {
  return r < rows ? load<f32>(rowAt(out, row + r, Ev + 1) + (<usize>Ev << 2)) : -Infinity;
}

/** D = Σ dO·O − dlse of row r (0 past the block). */
@inline function deltaOf(out: usize, gradOut: usize, row: i32, r: i32, rows: i32, Ev: i32): f32 {
  if (r >= rows) return 0;
  const g = rowAt(gradOut, row + r, Ev + 1);
  return dot(g, rowAt(out, row + r, Ev + 1), Ev) - load<f32>(g + (<usize>Ev << 2));
}

/** `dq [B, L, E]`: dS = P ⊙ (dO·Vᵀ − D), dQ = scale · dS·K (arguments as `attention`, plus the packed output and its gradient). */
export function attentionQueryGrad(
  q: usize, k: usize, v: usize, mask: usize, out: usize, gradOut: usize, dq: usize, batch: i32, L: i32, S: i32, E: i32,
  Ev: i32, scale: f32, causal: bool, mb: i32, mr: i32, mc: i32, thread: i32, threads: i32,
): void {
  const perBatch = (L + 3) / 4;
  const blocks = batch * perBatch;
  const vscale = f32x4.splat(scale);
  for (let block = thread; block < blocks; block += threads) {
    const b = block / perBatch;
    const i0 = (block % perBatch) * 4;
    const rows = min(4, L - i0);
    const row = b * L + i0;
    memory.fill(rowAt(dq, row, E), 0, <usize>(rows * E) << 2);
    const lse = lanes(lseOf(out, row, 0, rows, Ev), lseOf(out, row, 1, rows, Ev), lseOf(out, row, 2, rows, Ev), lseOf(out, row, 3, rows, Ev));
    const delta = lanes(
      deltaOf(out, gradOut, row, 0, rows, Ev), deltaOf(out, gradOut, row, 1, rows, Ev),
      deltaOf(out, gradOut, row, 2, rows, Ev), deltaOf(out, gradOut, row, 3, rows, Ev),
    );
    // Fully masked rows (and lanes past the block) have P = 0, not exp(s + ∞).
    const dead = f32x4.eq(lse, f32x4.splat(-Infinity));
    const end = causal ? min(S, i0 + rows) : S;
    for (let j = 0; j < end; j++) {
      const kj = rowAt(k, b * S + j, E);
      const vj = rowAt(v, b * S + j, Ev);
      const s = lanes(
        scoreOf(rows > 0 && (!causal || j <= i0), rowAt(q, row, E), kj, E, scale, mask, b, i0, j, mb, mr, mc),
        scoreOf(rows > 1 && (!causal || j <= i0 + 1), rowAt(q, row + 1, E), kj, E, scale, mask, b, i0 + 1, j, mb, mr, mc),
        scoreOf(rows > 2 && (!causal || j <= i0 + 2), rowAt(q, row + 2, E), kj, E, scale, mask, b, i0 + 2, j, mb, mr, mc),
        scoreOf(rows > 3 && (!causal || j <= i0 + 3), rowAt(q, row + 3, E), kj, E, scale, mask, b, i0 + 3, j, mb, mr, mc),
      );
      const p = v128.bitselect(f32x4.splat(0), expV(f32x4.sub(s, lse)), dead);
      const dp = lanes(
        rows > 0 ? dot(rowAt(gradOut, row, Ev + 1), vj, Ev) : 0,
        rows > 1 ? dot(rowAt(gradOut, row + 1, Ev + 1), vj, Ev) : 0,
        rows > 2 ? dot(rowAt(gradOut, row + 2, Ev + 1), vj, Ev) : 0,
        rows > 3 ? dot(rowAt(gradOut, row + 3, Ev + 1), vj, Ev) : 0,
      );
      const ds = f32x4.mul(f32x4.mul(p, f32x4.sub(dp, delta)), vscale);
      for (let r = 0; r < rows; r++) {
        const d = lane(ds, r);
        if (d != 0) axpy(rowAt(dq, row + r, E), kj, d, E);
      }
    }
  }
}
