// MultiheadAttention: torch.nn.MultiheadAttention with its parameter names, layouts, masks
// and outputs. The attention itself is the fused kernel (through scaledDotProductAttention)
// unless the caller asks for the weights, which only the composed path forms.
import { add, cat, expand, maskedFill, mean, pad, reshape, squeeze, transpose, unsqueeze, zeros, type Tensor } from '@tessera/core';
import { init } from '@tessera/layers';
import { check, checkProbability, fmt } from './args.js';
import { InProjectedAttention, type InProjectionOptions } from './in-projection.js';
import { causalBlocked, composedAttention, scaledDotProductAttention } from './scaled-dot-product.js';

/** Options of MultiheadAttention (PyTorch's keyword arguments in camelCase). */
export interface MultiheadAttentionOptions extends InProjectionOptions {
  /** Dropout on the attention weights while training. Default 0. */
  dropout?: number;
  /** Learned biases `bias_k`, `bias_v` appended to the keys and values. Default false. */
  addBiasKv?: boolean;
  /** Append a zero key and value. Default false. */
  addZeroAttn?: boolean;
  /** Inputs are `[N, L, E]` rather than `[L, N, E]`. Default false. */
  batchFirst?: boolean;
}

/** Options of MultiheadAttention.forward. */
export interface MultiheadAttentionForwardOptions {
  /** `[N, S]` (or `[S]` unbatched): bool true = ignore that key; float = added to its scores. */
  keyPaddingMask?: Tensor | null;
  /** Return the attention weights (the composed path). Default true, as PyTorch. */
  needWeights?: boolean;
  /** `[L, S]` or `[N·numHeads, L, S]` (`[numHeads, L, S]` unbatched): bool true = may NOT attend; float = added. */
  attnMask?: Tensor | null;
  /** Average the returned weights over heads. Default true. */
  averageAttnWeights?: boolean;
  /** Apply a causal mask (query i sees keys 0..i); not together with attnMask. Default false. */
  isCausal?: boolean;
}

/** A bool mask (true = blocked) as an additive float mask, a float mask as it is. */
function additive(mask: Tensor): Tensor {
  return mask.dtype === 'bool' ? maskedFill(zeros(mask.shape), mask, -Infinity) : mask;
}

/**
 * Multi-head attention as `torch.nn.MultiheadAttention`: parameters `in_proj_weight`
 * `[3E, E]` and `in_proj_bias` (or `q_proj_weight`, `k_proj_weight`, `v_proj_weight` when
 * kdim or vdim differ from E), `out_proj.weight`, `out_proj.bias`, and `bias_k`, `bias_v`
 * with addBiasKv. A PyTorch state_dict loads unchanged. `forward` returns
 * `[output, weights | null]`; without the weights the fused attention kernel runs.
 * @example
 * const mha = new MultiheadAttention(64, 8, { batchFirst: true });
 * const [out] = mha.call(x, x, x, { needWeights: false, isCausal: true }); // x: [N, L, 64]
 */
export class MultiheadAttention extends InProjectedAttention {
  readonly dropout: number;
  readonly addBiasKv: boolean;
  readonly addZeroAttn: boolean;
  readonly batchFirst: boolean;

  constructor(embedDim: number, numHeads: number, options: MultiheadAttentionOptions = {}) {
    super('MultiheadAttention', embedDim, numHeads, options, () => checkProbability('MultiheadAttention', 'dropout', options.dropout ?? 0));
    this.dropout = options.dropout ?? 0;
    this.addBiasKv = options.addBiasKv ?? false;
    this.addZeroAttn = options.addZeroAttn ?? false;
    this.batchFirst = options.batchFirst ?? false;
    this.registerParameter('bias_k', this.addBiasKv ? init.xavierNormal(zeros([1, 1, embedDim])) : null);
    this.registerParameter('bias_v', this.addBiasKv ? init.xavierNormal(zeros([1, 1, embedDim])) : null);
  }

  /**
   * query `[L, N, E]`, key `[S, N, kdim]`, value `[S, N, vdim]` (`[N, L, E]`... with
   * batchFirst; `[L, E]`... unbatched) → `[output like query, weights | null]`; the weights
   * are `[N, L, S]` averaged over heads, or `[N, numHeads, L, S]`.
   */
  forward(query: Tensor, key: Tensor, value: Tensor, options: MultiheadAttentionForwardOptions = {}): [Tensor, Tensor | null] {
    const { keyPaddingMask = null, needWeights = true, attnMask = null, averageAttnWeights = true, isCausal = false } = options;
    const batched = this.#checkInputs(query, key, value, keyPaddingMask, attnMask, isCausal);
    const N = batched ? query.shape[this.batchFirst ? 0 : 1] : 1;
    const H = this.numHeads;
    // Batch-first, batched [N, L, *] from here on.
    const toInternal = (t: Tensor) => (!batched ? unsqueeze(t, 0) : this.batchFirst ? t : transpose(t, 0, 1));
    let [q, k, v] = this.project(toInternal(query), toInternal(key), toInternal(value));
    const L = q.shape[1];
    const S = k.shape[1];
    // Masks as additive float [N|1, H|1, L|1, S] so they broadcast over the heads' scores.
    let mask: Tensor | null = null;
    const userMask = isCausal && (keyPaddingMask || this.addBiasKv || this.addZeroAttn) ? causalBlocked(L, S) : attnMask;
    if (userMask) mask = userMask.ndim === 2 ? reshape(additive(userMask), [1, 1, L, S]) : reshape(additive(userMask), [N, H, L, S]);
    if (keyPaddingMask) {
      const kpm = reshape(additive(keyPaddingMask), [N, 1, 1, S]);
      mask = mask ? add(mask, kpm) : kpm;
    }
    if (this.addBiasKv) {
      const [bk, bv] = [this.getParameter('bias_k'), this.getParameter('bias_v')];
      [k, v] = [cat([k, expand(bk, [N, 1, this.embedDim])], 1), cat([v, expand(bv, [N, 1, this.embedDim])], 1)];
      if (mask) mask = pad(mask, [0, 1]);
    }
    let [qh, kh, vh] = [this.splitHeads(q), this.splitHeads(k), this.splitHeads(v)];
    if (this.addZeroAttn) {
      [kh, vh] = [pad(kh, [0, 0, 0, 1]), pad(vh, [0, 0, 0, 1])];
      if (mask) mask = pad(mask, [0, 1]);
    }
    const causal = isCausal && !userMask;
    const dropoutP = this.training ? this.dropout : 0;
    let out: Tensor;
    let weights: Tensor | null = null;
    if (needWeights) {
      const scale = 1 / Math.sqrt(this.headDim);
      ({ output: out, weights } = composedAttention(qh, kh, vh, scale, { attnMask: mask, isCausal: causal, dropoutP }));
      if (averageAttnWeights) weights = mean(weights, 1);
      if (!batched) weights = squeeze(weights, 0);
    } else {
      out = scaledDotProductAttention(qh, kh, vh, { attnMask: mask, isCausal: causal, dropoutP });
    }
    const merged = this.mergeHeads(out);
    const output = !batched ? squeeze(merged, 0) : this.batchFirst ? merged : transpose(merged, 0, 1);
    return [output, weights];
  }

  /** Validates every input before anything is computed; returns whether the call is batched. */
  #checkInputs(query: Tensor, key: Tensor, value: Tensor, keyPaddingMask: Tensor | null, attnMask: Tensor | null, isCausal: boolean): boolean {
    const where = 'MultiheadAttention';
    const shapes = `query ${fmt(query.shape)}, key ${fmt(key.shape)}, value ${fmt(value.shape)}`;
    for (const [name, t] of [['query', query], ['key', key], ['value', value]] as const) {
      check(t.dtype === 'float32', where, () => `${name} must be float32, got ${t.dtype}`);
    }
    check((query.ndim === 3 || query.ndim === 2) && key.ndim === query.ndim && value.ndim === query.ndim, where, () =>
      `query, key and value must all be 3-D ${this.batchFirst ? '[N, L, E]' : '[L, N, E]'} or all 2-D [L, E] (unbatched), got ${shapes}`);
    this.checkFeatures(query, key, value);
    const batched = query.ndim === 3;
    const seq = batched && this.batchFirst ? 1 : 0;
    if (batched) {
      const b = 1 - seq;
      check(key.shape[b] === query.shape[b] && value.shape[b] === query.shape[b], where, () => `query, key and value must have the same batch size, got ${shapes}`);
    }
    check(key.shape[seq] === value.shape[seq], where, () => `key and value must have the same sequence length, got ${shapes}`);
    const N = batched ? query.shape[1 - seq] : 1;
    const L = query.shape[seq];
    const S = key.shape[seq];
    for (const [name, m] of [['keyPaddingMask', keyPaddingMask], ['attnMask', attnMask]] as const) {
      if (m) check(m.dtype === 'bool' || m.dtype === 'float32', where, () => `${name} must be bool or float32, got ${m.dtype}`);
    }
    if (keyPaddingMask) {
      const want = batched ? [N, S] : [S];
      check(fmt(keyPaddingMask.shape) === fmt(want), where, () => `keyPaddingMask must have shape ${fmt(want)} for ${shapes}, got ${fmt(keyPaddingMask.shape)}`);
    }
    if (attnMask) {
      check(!isCausal, where, () => 'pass either attnMask or isCausal, not both');
      const heads = batched ? N * this.numHeads : this.numHeads;
      const ok = fmt(attnMask.shape) === fmt([L, S]) || fmt(attnMask.shape) === fmt([heads, L, S]);
      check(ok, where, () => `attnMask must have shape ${fmt([L, S])} or ${fmt([heads, L, S])} for ${shapes}, got ${fmt(attnMask.shape)}`);
    }
    return batched;
  }
}
