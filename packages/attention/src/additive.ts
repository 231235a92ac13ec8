// AdditiveAttention: Bahdanau et al.'s score vᵀ tanh(W s + U h), for recurrent encoder-decoders.
import { squeeze, tanh, unsqueeze, type Tensor } from '@tessera/core';
import { Linear, Module } from '@tessera/layers';
import { checkSize } from './args.js';
import { asSteps, attendOverSource, checkSourceArgs, type SourceAttentionOptions } from './source-attention.js';

/**
 * Bahdanau (additive) attention: `e_ij = Va(tanh(Wa s_i + Ua h_j))`, softmax over the source,
 * context `Σ_j a_ij v_j`. Parameters `Wa` `[hidden, querySize]`, `Ua` `[hidden, keySize]`,
 * `Va` `[1, hidden]`, each with a bias, named as in PyTorch's seq2seq tutorial.
 * @example
 * const attn = new AdditiveAttention(256, 512, 128);
 * const [context, weights] = attn.call(decoderState, encoderOutputs); // [B, 256], [B, S, 512] → [B, 512], [B, S]
 */
export class AdditiveAttention extends Module {
  readonly Wa: Linear;
  readonly Ua: Linear;
  readonly Va: Linear;

  constructor(readonly querySize: number, readonly keySize: number, readonly hiddenSize: number) {
    super();
    for (const [name, size] of Object.entries({ querySize, keySize, hiddenSize })) checkSize('AdditiveAttention', name, size);
    this.Wa = this.registerModule('Wa', new Linear(querySize, hiddenSize));
    this.Ua = this.registerModule('Ua', new Linear(keySize, hiddenSize));
    this.Va = this.registerModule('Va', new Linear(hiddenSize, 1));
  }

  /**
   * query `[B, querySize]` or `[B, T, querySize]`, keys `[B, S, keySize]`, values `[B, S, V]`
   * (default: the keys) → `[context [B, (T,) V], weights [B, (T,) S]]`.
   */
  forward(query: Tensor, keys: Tensor, values: Tensor | null = null, options: SourceAttentionOptions = {}): [Tensor, Tensor] {
    const v = values ?? keys;
    checkSourceArgs('AdditiveAttention', query, keys, v, options.keyPaddingMask, this.querySize, this.keySize);
    const s = unsqueeze(this.Wa.forward(asSteps(query)), 2); // [B, T, 1, hidden]
    const h = unsqueeze(this.Ua.forward(keys), 1); // [B, 1, S, hidden]
    const scores = squeeze(this.Va.forward(tanh(s.add(h))), -1);
    return attendOverSource(scores, v, options.keyPaddingMask, query);
  }
}
