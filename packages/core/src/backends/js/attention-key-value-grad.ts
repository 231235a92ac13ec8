// dKey and dValue of fused attention on js: per key row, the scores of every query that sees
// it are recomputed from the saved log-sum-exp: dV = Pᵀ·dO, dK = scale · dSᵀ·Q.
import type { Kernel } from '../../kernels.js';
import { attentionGeometry } from '../attention-geometry.js';
import { attentionScores, rowDelta } from './attention-scores.js';
import type { JsHandle } from './index.js';

/** `[B, S, E + Ev]`: the gradients of `attention` with respect to its key and value, side by side. */
export const attentionKeyValueGrad: Kernel<'attentionKeyValueGrad', JsHandle> = ([query, key, value, out, gradOut, mask], { scale, causal }) => {
  const g = attentionGeometry(query, key, value, mask);
  const { queries: L, keys: S, depth: E, valueDepth: Ev } = g;
  const score = attentionScores(query, key, mask, g, scale);
  const q = query.handle, v = value.handle, o = out.handle, dO = gradOut.handle;
  const width = E + Ev;
  const grads = new Float32Array(g.batch * S * width);
  for (let b = 0; b < g.batch; b++) {
    for (let j = 0; j < S; j++) {
      const at = (b * S + j) * width;
      const vj = (b * S + j) * Ev;
      // With `causal`, key j is seen by queries j, j + 1, ...
      for (let i = causal ? j : 0; i < L; i++) {
        const row = b * L + i;
        const lse = o[row * (Ev + 1) + Ev];
        if (lse === -Infinity) continue;
        const p = Math.exp(score(b, i, j) - lse);
        let dp = 0;
        for (let c = 0; c < Ev; c++) {
          const dOc = dO[row * (Ev + 1) + c];
          dp += dOc * v[vj + c];
          grads[at + E + c] += p * dOc;
        }
        const ds = p * (dp - rowDelta(o, dO, row, Ev)) * scale;
        for (let e = 0; e < E; e++) grads[at + e] += ds * q[row * E + e];
      }
    }
  }
  return grads;
};
