// Softmax over each target node's incoming edges and, optionally, one self-loop per node
// (PyG's utils.softmax over the edges after add_self_loops): GAT's attention normalisation.
// The loops are kept apart from the edges so the graph itself never changes.
import { add, div, exp, expand, indexSelect, reshape, scatterReduce, sub, tidy, zeros, type Tensor } from '@tessera/core';
import { detach } from '@tessera/autograd';
import { scatter } from './aggregate.js';

/**
 * For edge scores `[E, H]` grouped by target `index` `[E]`, and optional loop scores `[N, H]`,
 * exp(score − group max) / (group sum + 1e-16), as PyG. Returns the edges' weights and the
 * loops' (null without loops). Scores of -Infinity get weight 0.
 */
export function attentionSoftmax(score: Tensor, index: Tensor, numNodes: number, loopScore: Tensor | null): [Tensor, Tensor | null] {
  return tidy(() => {
    const heads = score.shape[1];
    const at = expand(reshape(index, [index.shape[0], 1]), score.shape);
    // The shift only guards exp against overflow; softmax is invariant to it, so it carries no gradient.
    const start = loopScore ? detach(loopScore) : zeros([numNodes, heads]);
    const groupMax = scatterReduce(start, 0, at, detach(score), 'amax', { includeSelf: loopScore !== null });
    const e = exp(sub(score, indexSelect(groupMax, 0, index)));
    const loopE = loopScore ? exp(sub(loopScore, groupMax)) : null;
    let total = add(scatter(e, index, numNodes, 'add'), 1e-16);
    if (loopE) total = add(total, loopE);
    return [div(e, indexSelect(total, 0, index)), loopE ? div(loopE, total) : null] as [Tensor, Tensor | null];
  });
}
