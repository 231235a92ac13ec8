// dKey and dValue of fused attention: four key rows at a time, one per vector lane, stream
// every query that sees them, recomputing P = exp(S − lse) from the saved log-sum-exp.
// Each thread owns whole key rows of the output, so no two threads write one row.
import { axpy, dot, lane, lanes, rowAt, scoreOf } from './attention-rows';
import { expV } from './simd';

/**
 * `grads [B, S, E + Ev]`: dK = scale · dSᵀ·Q beside dV = Pᵀ·dO (arguments as
 * `attentionQueryGrad`).
 */
export function attentionKeyValueGrad(
  q: usize, k: usize, v: usize, mask: usize, out: usize, gradOut: usize, grads: usize, batch: i32, L: i32, S: i32, E: i32,
  Ev: i32, scale: f32, causal: bool, mb: i32, mr: i32, mc: i32, thread: i32, threads: i32,
): void {
  const perBatch = (S + 3) / 4;
  const blocks = batch * perBatch;
  const width = E + Ev;
  const vscale = f32x4.splat(scale);
  for (let block = thread; block < blocks; block += threads) {
    const b = block / perBatch;
    const j0 = (block % perBatch) * 4;
    const keys = min(4, S - j0);
    const key = b * S + j0;
    memory.fill(rowAt(grads, key, width), 0, <usize>(keys * width) << 2);
    // With `causal`, key j is seen by queries j, j + 1, ...
    for (let i = causal ? j0 : 0; i < L; i++) {
      const oi = rowAt(out, b * L + i, Ev + 1);
      const gi = rowAt(gradOut, b * L + i, Ev + 1);
      const lse = load<f32>(oi + (<usize>Ev << 2));
      if (lse == -Infinity) continue;
      const delta = f32x4.splat(dot(gi, oi, Ev) - load<f32>(gi + (<usize>Ev << 2)));
      const qi = rowAt(q, b * L + i, E);
      const s = lanes(
        scoreOf(keys > 0 && (!causal || j0 <= i), qi, rowAt(k, key, E), E, scale, mask, b, i, j0, mb, mr, mc),
        scoreOf(keys > 1 && (!causal || j0 + 1 <= i), qi, rowAt(k, key + 1, E), E, scale, mask, b, i, j0 + 1, mb, mr, mc),
        scoreOf(keys > 2 && (!causal || j0 + 2 <= i), qi, rowAt(k, key + 2, E), E, scale, mask, b, i, j0 + 2, mb, mr, mc),
        scoreOf(keys > 3 && (!causal || j0 + 3 <= i), qi, rowAt(k, key + 3, E), E, scale, mask, b, i, j0 + 3, mb, mr, mc),
      );
      const p = expV(f32x4.sub(s, f32x4.splat(lse)));
      const dp = lanes(
        keys > 0 ? dot(gi, rowAt(v, key, Ev), Ev) : 0,
        keys > 1 ? dot(gi, rowAt(v, key + 1, Ev), Ev) : 0,
        keys > 2 ? dot(gi, rowAt(v, key + 2, Ev), Ev) : 0,
        keys > 3 ? dot(gi, rowAt(v, key + 3, Ev), Ev) : 0,
      );
      const ds = f32x4.mul(f32x4.mul(p, f32x4.sub(dp, delta)), vscale);
      for (let r = 0; r < keys; r++) {
        const row = rowAt(grads, key + r, width);
        const d = lane(ds, r);
        const pr = lane(p, r);
        if (d != 0) axpy(row, qi, d, E);
        if (pr != 0) axpy(row + (<usize>E << 2), gi, pr, Ev);
      }
    }
  }
}
