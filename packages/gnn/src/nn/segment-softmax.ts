// Softmax over groups of rows that share a target node (PyG's utils.softmax): the attention
// normalisation of GAT, written with scatter reductions.
import { add, div, exp, indexSelect, sub, tidy, type Tensor } from '@tessera/core';
import { detach } from '@tessera/autograd';
import { scatter } from './aggregate.js';

/**
 * For rows `src` `[E, ...]` grouped by the int32 vector `index` `[E]`, exp(src − max of its
 * group) divided by the group's sum (+ 1e-16, as PyG). Rows of -Infinity get weight 0.
 * @example const alpha = segmentSoftmax(scores, targets, numNodes);
 */
export function segmentSoftmax(src: Tensor, index: Tensor, numNodes: number): Tensor {
  return tidy(() => {
    // The shift only guards exp against overflow; softmax is invariant to it, so no gradient flows through it.
    const groupMax = detach(scatter(src, index, numNodes, 'max'));
    const e = exp(sub(src, indexSelect(groupMax, 0, index)));
    const total = add(scatter(e, index, numNodes, 'add'), 1e-16);
    return div(e, indexSelect(total, 0, index));
  });
}
