// Fused attention on js, the readable reference of the flash-attention forward pass: one
// query row at a time, keys streamed with an online softmax (running maximum and sum), so
// the row of scores is never stored. The wasm and webgpu kernels tile the same loop.
import type { Kernel } from '../../kernels.js';
import { attentionGeometry, keyEnd } from '../attention-geometry.js';
import { attentionScores } from './attention-scores.js';
import type { JsHandle } from './index.js';

/**
 * `[B, L, Ev + 1]`: softmax(scale·QKᵀ + mask)·V in the first Ev columns, each row's
 * log-sum-exp of the scores in the last. A row whose scores are all −∞ (fully masked) gives
 * zeros and a log-sum-exp of −∞, as PyTorch's safe softmax does.
 */
export const attention: Kernel<'attention', JsHandle> = ([query, key, value, mask], { scale, causal }) => {
  const g = attentionGeometry(query, key, value, mask);
  const { queries: L, keys: S, valueDepth: Ev } = g;
  const score = attentionScores(query, key, mask, g, scale);
  const v = value.handle;
  const width = Ev + 1;
  const out = new Float32Array(g.batch * L * width);
  const acc = new Float64Array(Ev);
  for (let b = 0; b < g.batch; b++) {
    for (let i = 0; i < L; i++) {
      let max = -Infinity;
      let sum = 0;
      acc.fill(0);
      for (let j = 0; j < keyEnd(i, S, causal); j++) {
        const s = score(b, i, j);
        // A masked key adds nothing; skipping it also avoids −∞ − (−∞) while max is −∞.
        if (s === -Infinity) continue;
        const next = Math.max(max, s);
        const rescale = Math.exp(max - next);
        const p = Math.exp(s - next);
        sum = sum * rescale + p;
        const vj = (b * S + j) * Ev;
        for (let c = 0; c < Ev; c++) acc[c] = acc[c] * rescale + p * v[vj + c];
        max = next;
      }
      const row = (b * L + i) * width;
      const masked = max === -Infinity;
      for (let c = 0; c < Ev; c++) out[row + c] = masked ? 0 : acc[c] / sum;
      out[row + Ev] = masked ? -Infinity : max + Math.log(sum);
    }
  }
  return out;
};
