// Scores of the js attention kernels, shared by the forward pass and both backward kernels,
// which recompute them instead of reading a stored score matrix.
import type { TensorInfo } from '../../kernels.js';
import type { AttentionGeometry } from '../attention-geometry.js';
import type { JsHandle } from './index.js';

/** `score(b, i, j) = scale · q_bi · k_bj + mask[b, i, j]` (−∞ where masked). */
export function attentionScores(
  query: TensorInfo<JsHandle>,
  key: TensorInfo<JsHandle>,
  mask: TensorInfo<JsHandle> | undefined,
  g: AttentionGeometry,
  scale: number,
): (b: number, i: number, j: number) => number {
  const q = query.handle, k = key.handle, E = g.depth;
  return (b, i, j) => {
    const qi = (b * g.queries + i) * E;
    const kj = (b * g.keys + j) * E;
    let s = 0;
    for (let e = 0; e < E; e++) s += q[qi + e] * k[kj + e];
    s *= scale;
    if (g.mask && mask) s += mask.handle[b * g.mask.batch + i * g.mask.row + j * g.mask.col];
    return s;
  };
}

/**
 * `D_i = Σ_c dO_ic · O_ic − dlse_i` of the backward pass, from the packed output row and its
 * gradient (`dS = P ⊙ (dP − D)` then also carries the log-sum-exp's own gradient, `P · dlse`).
 */
export function rowDelta(out: JsHandle, gradOut: JsHandle, row: number, valueDepth: number): number {
  const at = row * (valueDepth + 1);
  let d = 0;
  for (let c = 0; c < valueDepth; c++) d += gradOut[at + c] * out[at + c];
  return d - gradOut[at + valueDepth];
}
