// Reading and writing the rows of a dense tensor that a SparseGradient touches: what SGD and
// SparseAdam need to apply sparse gradients. Indices may repeat (gradients are left
// uncoalesced); since shapes cannot depend on data here (WebGPU reads back asynchronously),
// duplicates are summed per occurrence instead of being removed.
import { expand, indexSelect, reshape, scatterAdd, scatterReduce, type SparseGradient, type Tensor } from '@tessera/core';

/** The indices expanded over each row, as scatter ops take them. */
function rowIndex(grad: SparseGradient): Tensor {
  return expand(reshape(grad.indices, [grad.shape[0], ...grad.shape.slice(1).map(() => 1)]), grad.shape);
}

/** `t` with `rows` (one per index, duplicates allowed) added at the gradient's indices. */
export function addRows(t: Tensor, grad: SparseGradient, rows: Tensor): Tensor {
  return scatterAdd(t, 0, rowIndex(grad), rows);
}

/** `t`'s rows at the gradient's indices, `[n, ...]`. */
export function rowsOf(t: Tensor, grad: SparseGradient): Tensor {
  return indexSelect(t, 0, grad.indices);
}

/**
 * `t` with its rows at the gradient's indices replaced by `rows`. Every occurrence of an
 * index must carry the same row (as rows computed from `summedRows` do).
 */
export function writeRows(t: Tensor, grad: SparseGradient, rows: Tensor): Tensor {
  // NOTE: amax over identical values is that value exactly; a mean would round.
  return scatterReduce(t, 0, rowIndex(grad), rows, 'amax', { includeSelf: false });
}

/**
 * The coalesced gradient row of each occurrence, `[n, ...]`: rows sharing an index summed,
 * repeated at each of its occurrences (PyTorch's `coalesce()` followed by a lookup).
 */
export function summedRows(grad: SparseGradient): Tensor {
  return indexSelect(grad.toDense(), 0, grad.indices);
}

