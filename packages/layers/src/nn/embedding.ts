// Embedding: a lookup table of learned vectors, with PyTorch's paddingIdx (a row that starts
// at zero and never receives a gradient) and sparse gradients (only the rows looked up).
import { embedding, maskedFill, ne, tensor, tidy, unsqueeze, where, zeros, type Tensor } from '@tessera/core';
import { detach, noGrad, sparseEmbedding } from '@tessera/autograd';
import { Module } from './module.js';
import { normal } from './init.js';
import { checkSizes } from './args.js';

/** Options of Embedding. */
export interface EmbeddingOptions {
  /** A row (negative counts from the end) that starts at zero and gets no gradient. */
  paddingIdx?: number | null;
  /**
   * Give `weight` a `SparseGradient` holding only the rows a batch looked up, as PyTorch's
   * `sparse=True`; apply it with `SGD` or `SparseAdam`. Default false.
   */
  sparse?: boolean;
}

/**
 * Rows of `weight` `[numEmbeddings, embeddingDim]` (N(0, 1) at first) for int32 indices.
 * @example const emb = new Embedding(1000, 64, { paddingIdx: 0 }); emb.call(tokenIds) // [B, T, 64]
 * @example const words = new Embedding(50000, 100, { sparse: true }); // weight.grad: SparseGradient
 */
export class Embedding extends Module {
  /** The padding row as a non-negative index, or null. */
  readonly paddingIdx: number | null;
  /** Whether `weight` gets sparse gradients. */
  readonly sparse: boolean;

  constructor(readonly numEmbeddings: number, readonly embeddingDim: number, options: EmbeddingOptions = {}) {
    super();
    checkSizes('Embedding', { numEmbeddings, embeddingDim });
    const p = options.paddingIdx ?? null;
    if (p !== null && (!Number.isInteger(p) || p < -numEmbeddings || p >= numEmbeddings)) {
      throw new Error(`Embedding: paddingIdx must be an integer in [-${numEmbeddings}, ${numEmbeddings}), got ${p}`);
    }
    this.paddingIdx = p === null ? null : p < 0 ? p + numEmbeddings : p;
    this.sparse = options.sparse ?? false;
    const weight = normal(zeros([numEmbeddings, embeddingDim]));
    this.registerParameter('weight', weight);
    const row = this.paddingIdx;
    if (row !== null) {
      const padRow = new Array<boolean>(numEmbeddings).fill(false);
      padRow[row] = true;
      noGrad(() => tidy(() => {
        weight.assign(maskedFill(weight, tensor(padRow).reshape([numEmbeddings, 1]), 0));
      }));
    }
  }

  /** `[numEmbeddings, embeddingDim]`. */
  get weight(): Tensor {
    return this.getParameter('weight');
  }

  /** int32 indices of any shape → `[...shape, embeddingDim]`. */
  forward(indices: Tensor): Tensor {
    if (indices.dtype !== 'int32') throw new Error(`Embedding: expected int32 indices, got ${indices.dtype} of shape [${indices.shape}]`);
    const out = this.sparse ? sparseEmbedding(indices, this.weight) : embedding(indices, this.weight);
    if (this.paddingIdx === null) return out;
    // Rows looked up at the padding index pass their values on but not their gradient.
    return where(unsqueeze(ne(indices, this.paddingIdx), -1), out, detach(out));
  }
}
