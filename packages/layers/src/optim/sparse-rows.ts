// Reading and updating, in place, the rows of a dense tensor that a SparseGradient touches:
// what SGD, Adagrad and SparseAdam need to apply sparse gradients without making a tensor
// the size of the table. Indices may repeat (gradients are left uncoalesced); since shapes
// cannot depend on data here (WebGPU reads back asynchronously), a coalesced gradient keeps
// one row per occurrence, with a mask that picks one occurrence of each index to update.
import { arange, eq, firstOccurrence, indexAdd_, indexSelect, reshape, zeros, type SparseGradient, type Tensor } from '@tessera/core';

/** `t[indices[k]] += alpha · rows[k]` in place, for the gradient's indices (repeats accumulate). */
export function addRows(t: Tensor, grad: SparseGradient, rows: Tensor, alpha = 1): void {
  indexAdd_(t, 0, grad.indices, rows, { alpha });
}

/** `t`'s rows at the gradient's indices, `[n, ...]`. */
export function rowsOf(t: Tensor, grad: SparseGradient): Tensor {
  return indexSelect(t, 0, grad.indices);
}

/**
 * PyTorch's `coalesce()` kept at the gradient's `n` rows: `summed[k]` is the sum of the rows
 * sharing index k's value (`[n, ...]`), and `first[k]` (`[n, 1, ...]`, float) is 1 at the
 * first occurrence of each index and 0 at its repeats. An update computed from `summed`
 * and multiplied by `first` adds each index's update exactly once.
 */
export function coalesced(grad: SparseGradient): { summed: Tensor; first: Tensor } {
  const n = grad.shape[0];
  const firsts = firstOccurrence(grad.indices);
  // Rows summed into their first occurrence's slot of a batch-sized scratch, then read back per occurrence.
  const sums = indexAdd_(zeros(grad.shape), 0, firsts, grad);
  const first = eq(firsts, arange(n)).float();
  return { summed: indexSelect(sums, 0, firsts), first: reshape(first, [n, ...grad.shape.slice(1).map(() => 1)]) };
}
