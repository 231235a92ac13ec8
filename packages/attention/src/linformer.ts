// LinformerAttention (Wang et al., "Linformer: Self-Attention with Linear Complexity", 2020):
// keys and values are projected along the sequence from n to k positions by learned E and F,
// so attention costs O(n·k) instead of O(n²).
import { matmul, reshape, zeros, type Tensor } from '@tessera/core';
import { init } from '@tessera/layers';
import { check, checkFloat, checkSize, fmt, symmetricBound } from './args.js';
import { InProjectedAttention, type InProjectionOptions } from './in-projection.js';
import { scaledDotProductAttention } from './scaled-dot-product.js';

/** Options of LinformerAttention. */
export interface LinformerAttentionOptions extends InProjectionOptions {
  /** One projection for keys and values (F = E, no `F` parameter). Default false. */
  shareKv?: boolean;
  /** A projection per head: `E`, `F` are `[numHeads, k, n]` instead of `[k, n]`. Default false. */
  headwise?: boolean;
}

/**
 * Multi-head Linformer attention on batch-first inputs: `softmax(Q (E K)ᵀ / √d) (F V)` per
 * head, for query `[N, L, E]` and key/value `[N, seqLen, *]` → `[N, L, E]`. Parameters as
 * MultiheadAttention's (`in_proj_weight`, `in_proj_bias`, `out_proj.*`) plus `E` and `F`
 * (`[k, seqLen]`, or `[numHeads, k, seqLen]` with headwise), initialised as a Linear from
 * seqLen to k positions. Not causal: every projected position mixes the whole sequence.
 * @example
 * const attn = new LinformerAttention(64, 4, 1024, 128);
 * const y = attn.call(x, x, x); // x: [N, 1024, 64]
 */
export class LinformerAttention extends InProjectedAttention {
  readonly shareKv: boolean;
  readonly headwise: boolean;

  constructor(embedDim: number, numHeads: number, readonly seqLen: number, readonly k: number, options: LinformerAttentionOptions = {}) {
    super('LinformerAttention', embedDim, numHeads, options, () => {
      checkSize('LinformerAttention', 'seqLen', seqLen);
      checkSize('LinformerAttention', 'k', k);
    });
    this.shareKv = options.shareKv ?? false;
    this.headwise = options.headwise ?? false;
    const shape = this.headwise ? [numHeads, k, seqLen] : [k, seqLen];
    const bound = symmetricBound(seqLen);
    this.registerParameter('E', init.uniform(zeros(shape), -bound, bound));
    this.registerParameter('F', this.shareKv ? null : init.uniform(zeros(shape), -bound, bound));
  }

  /** query `[N, L, E]`, key `[N, seqLen, kdim]`, value `[N, seqLen, vdim]` → `[N, L, E]`. */
  forward(query: Tensor, key: Tensor, value: Tensor): Tensor {
    const where = 'LinformerAttention';
    const shapes = `query ${fmt(query.shape)}, key ${fmt(key.shape)}, value ${fmt(value.shape)}`;
    for (const [name, t] of [['query', query], ['key', key], ['value', value]] as const) checkFloat(where, name, t, [3]);
    this.checkFeatures(query, key, value);
    const N = query.shape[0];
    check(key.shape[0] === N && value.shape[0] === N, where, () => `query, key and value must have the same batch size, got ${shapes}`);
    check(key.shape[1] === this.seqLen && value.shape[1] === this.seqLen, where, () =>
      `key and value must have seqLen=${this.seqLen} positions (pad shorter sequences), got ${shapes}`);
    const [q, k, v] = this.project(query, key, value).map((t) => this.splitHeads(t));
    // [k, n] or [H, k, n] (as [1, H, k, n]) times [N, H, n, d]: the sequence shrinks to k.
    const projection = (t: Tensor) => (this.headwise ? reshape(t, [1, this.numHeads, this.k, this.seqLen]) : t);
    const e = projection(this.getParameter('E'));
    const f = this.shareKv ? e : projection(this.getParameter('F'));
    return this.mergeHeads(scaledDotProductAttention(q, matmul(e, k), matmul(f, v)));
  }
}
