// Sparse embedding gradients, as PyTorch's F.embedding(..., sparse=True): the lookup is an
// ordinary indexSelect, marked so that the backward pass hands the table (a leaf) the rows
// it looked up as a SparseGradient instead of scatter-adding them into a tensor of its size.
import { add, cat, indexSelect, reshape, sparseGradient, SparseGradient, tidy, type Tensor } from '@tessera/core';
import { enableAutograd } from './enable.js';
import { Node } from './graph.js';

// indexSelect nodes whose table gradient is left sparse.
const sparseLookups = new WeakSet<Node>();

/**
 * Rows of `weight` `[num, dim]` at int32 `indices` (any shape) → `[...indices.shape, dim]`,
 * as core's `embedding`, except that `backward` leaves in `weight.grad` a `SparseGradient`
 * holding only the looked-up rows (PyTorch's `F.embedding(input, weight, sparse=True)`).
 * @example const rows = sparseEmbedding(tokenIds, table); backward(rows.sum()); table.grad; // SparseGradient
 */
export function sparseEmbedding(indices: Tensor, weight: Tensor): Tensor {
  enableAutograd();
  if (indices.dtype !== 'int32') throw new Error(`sparseEmbedding: indices must be int32, got ${indices.dtype} [${indices.shape.join(',')}]`);
  if (weight.ndim !== 2) throw new Error(`sparseEmbedding: weight must be 2-D [numEmbeddings, dim], got [${weight.shape.join(',')}]`);
  return tidy(() => {
    const rows = indexSelect(weight, 0, reshape(indices, [-1]));
    if (rows.gradFn instanceof Node) sparseLookups.add(rows.gradFn);
    return reshape(rows, [...indices.shape, weight.shape[1]]);
  });
}

/** Whether the backward pass should give input 0 of `node` a sparse gradient. */
export function isSparseLookup(node: Node): boolean {
  return sparseLookups.has(node);
}

/**
 * The sum of gradients that meet at one tensor. Sparse parts join into one sparse gradient
 * (indices and rows concatenated, left uncoalesced as PyTorch's sparse sum leaves them); with
 * any dense part, the sum is dense.
 */
export function sumGradients(parts: readonly Tensor[]): Tensor {
  if (!parts.some((p) => p instanceof SparseGradient)) return parts.reduce((acc, t) => add(acc, t));
  if (parts.every((p) => p instanceof SparseGradient)) {
    const sparse = parts as readonly SparseGradient[];
    return tidy(() => sparseGradient(cat(sparse.map((p) => p.indices)), cat(sparse), sparse[0].denseShape));
  }
  return tidy(() => parts.map((p) => (p instanceof SparseGradient ? p.toDense() : p)).reduce((acc, t) => add(acc, t)));
}
