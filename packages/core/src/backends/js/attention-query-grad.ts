// dQuery of fused attention on js: per query row, the scores are recomputed from the saved
// log-sum-exp, P = exp(S − lse), dS = P ⊙ (dO·Vᵀ − D), dQ = scale · dS·K.
import type { Kernel } from '../../kernels.js';
import { attentionGeometry, keyEnd } from '../attention-geometry.js';
import { attentionScores, rowDelta } from './attention-scores.js';
import type { JsHandle } from './index.js';

/** `[B, L, E]`: the gradient of `attention` with respect to its query. */
export const attentionQueryGrad: Kernel<'attentionQueryGrad', JsHandle> = ([query, key, value, out, gradOut, mask], { scale, causal }) => {
  const g = attentionGeometry(query, key, value, mask);
  const { queries: L, keys: S, depth: E, valueDepth: Ev } = g;
  const score = attentionScores(query, key, mask, g, scale);
  const k = key.handle, v = value.handle, o = out.handle, dO = gradOut.handle;
  const dQ = new Float32Array(g.batch * L * E);
  for (let b = 0; b < g.batch; b++) {
    for (let i = 0; i < L; i++) {
      const row = b * L + i;
      const lse = o[row * (Ev + 1) + Ev];
      // A fully masked row has P = 0 throughout (its output is a constant zero).
      if (lse === -Infinity) continue;
      const delta = rowDelta(o, dO, row, Ev);
      for (let j = 0; j < keyEnd(i, S, causal); j++) {
        const p = Math.exp(score(b, i, j) - lse);
        const vj = (b * S + j) * Ev;
        let dp = 0;
        for (let c = 0; c < Ev; c++) dp += dO[row * (Ev + 1) + c] * v[vj + c];
        const ds = p * (dp - delta) * scale;
        const kj = (b * S + j) * E;
        for (let e = 0; e < E; e++) dQ[row * E + e] += ds * k[kj + e];
      }
    }
  }
  return dQ;
};
