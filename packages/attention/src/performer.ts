// PerformerAttention: multi-head attention whose softmax kernel is approximated by FAVOR+,
// linear in the sequence length. Its projections carry MultiheadAttention's names, so a
// trained MultiheadAttention's weights load into it (the paper's backward compatibility).
import { cast, eq, reshape, type Tensor } from '@tessera/core';
import { noGrad } from '@tessera/autograd';
import { check, checkFloat, checkSize, fmt } from './args.js';
import { defaultNumFeatures, drawRandomFeatures, favorCore } from './favor.js';
import { InProjectedAttention, type InProjectionOptions } from './in-projection.js';

/** Options of PerformerAttention. */
export interface PerformerAttentionOptions extends InProjectionOptions {
  /** Random features per head. Default ⌊d ln d⌋ for head size d. */
  numFeatures?: number;
  /** Query i attends to keys 0..i. Default false. */
  causal?: boolean;
  /** Orthogonal random features. Default true. */
  orthogonal?: boolean;
  /** Draw new features at every forward pass in training mode. Default false. */
  redraw?: boolean;
}

/** Options of PerformerAttention.forward. */
export interface PerformerAttentionForwardOptions {
  /** `[N, S]` bool: true marks a padded key, which gets no attention. */
  keyPaddingMask?: Tensor | null;
}

/**
 * Multi-head FAVOR+ attention on batch-first inputs: query `[N, L, E]`, key `[N, S, kdim]`,
 * value `[N, S, vdim]` → `[N, L, E]`. Parameters as MultiheadAttention's (`in_proj_weight`,
 * `in_proj_bias`, `out_proj.*`); the features are the buffer `projection_matrix` `[m, E/numHeads]`,
 * shared by the heads and saved in the state dict. `redrawFeatures()` draws new ones.
 * @example
 * const attn = new PerformerAttention(64, 4, { numFeatures: 128, causal: true });
 * const y = attn.call(x, x, x); // x: [N, 4096, 64]
 */
export class PerformerAttention extends InProjectedAttention {
  readonly numFeatures: number;
  readonly causal: boolean;
  readonly orthogonal: boolean;
  readonly redraw: boolean;

  constructor(embedDim: number, numHeads: number, options: PerformerAttentionOptions = {}) {
    super('PerformerAttention', embedDim, numHeads, options, () => {
      if (options.numFeatures !== undefined) checkSize('PerformerAttention', 'numFeatures', options.numFeatures);
    });
    this.numFeatures = options.numFeatures ?? defaultNumFeatures(this.headDim);
    this.causal = options.causal ?? false;
    this.orthogonal = options.orthogonal ?? true;
    this.redraw = options.redraw ?? false;
    this.registerBuffer('projection_matrix', drawRandomFeatures(this.numFeatures, this.headDim, { orthogonal: this.orthogonal }));
  }

  /** Replaces `projection_matrix` with newly drawn features (in place). */
  redrawFeatures(): void {
    noGrad(() => {
      const fresh = drawRandomFeatures(this.numFeatures, this.headDim, { orthogonal: this.orthogonal });
      this.getBuffer('projection_matrix').assign(fresh);
      fresh.dispose();
    });
  }

  /** query `[N, L, E]`, key `[N, S, kdim]`, value `[N, S, vdim]` → `[N, L, E]`. */
  forward(query: Tensor, key: Tensor, value: Tensor, options: PerformerAttentionForwardOptions = {}): Tensor {
    const where = 'PerformerAttention';
    const shapes = `query ${fmt(query.shape)}, key ${fmt(key.shape)}, value ${fmt(value.shape)}`;
    for (const [name, t] of [['query', query], ['key', key], ['value', value]] as const) checkFloat(where, name, t, [3]);
    this.checkFeatures(query, key, value);
    const [N, L] = query.shape;
    const S = key.shape[1];
    check(key.shape[0] === N && value.shape[0] === N && value.shape[1] === S, where, () =>
      `key and value must be [N, S, *] with the query's batch size N and one length S, got ${shapes}`);
    check(!this.causal || L === S, where, () => `causal attention needs as many queries as keys, got ${shapes}`);
    const mask = options.keyPaddingMask;
    if (mask) check(mask.dtype === 'bool' && fmt(mask.shape) === fmt([N, S]), where, () =>
      `keyPaddingMask must be bool of shape ${fmt([N, S])} for ${shapes}, got ${mask.dtype} ${fmt(mask.shape)}`);
    if (this.redraw && this.training) this.redrawFeatures();
    const [q, k, v] = this.project(query, key, value).map((t) => this.splitHeads(t));
    const keep = mask ? reshape(cast(eq(mask, false), 'float32'), [N, 1, S, 1]) : null;
    return this.mergeHeads(favorCore(q, k, v, this.getBuffer('projection_matrix'), this.causal, keep));
  }
}
