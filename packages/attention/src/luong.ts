// LuongAttention: Luong et al. (2015)'s dot, general and concat scores, for recurrent
// encoder-decoders.
import { matmul, narrow, squeeze, tanh, transpose, unsqueeze, type Tensor } from '@tessera/core';
import { Linear, Module } from '@tessera/layers';
import { check, checkSize } from './args.js';
import { asSteps, attendOverSource, checkSourceArgs, type SourceAttentionOptions } from './source-attention.js';

/** Luong's score functions. */
export type LuongScore = 'dot' | 'general' | 'concat';

/** Options of LuongAttention. */
export interface LuongAttentionOptions {
  /** Default 'general'. */
  score?: LuongScore;
  /** Width of the concat score's hidden layer (required with 'concat'). */
  hiddenSize?: number;
}

/**
 * Luong (multiplicative) attention. Scores: `'dot'` sᵀh (querySize = keySize, no
 * parameters), `'general'` sᵀ(Wa h) with `Wa` `[querySize, keySize]`, `'concat'`
 * `Va(tanh(Wa [s; h]))` with `Wa` `[hidden, querySize + keySize]` and `Va` `[1, hidden]`;
 * no biases, as in the paper. Returns the context and the weights.
 * @example
 * const attn = new LuongAttention(256, 256, { score: 'dot' });
 * const [context, weights] = attn.call(decoderStates, encoderOutputs, null, { keyPaddingMask });
 */
export class LuongAttention extends Module {
  readonly score: LuongScore;

  constructor(readonly querySize: number, readonly keySize: number, options: LuongAttentionOptions = {}) {
    super();
    checkSize('LuongAttention', 'querySize', querySize);
    checkSize('LuongAttention', 'keySize', keySize);
    this.score = options.score ?? 'general';
    check(['dot', 'general', 'concat'].includes(this.score), 'LuongAttention', () => `score must be 'dot', 'general' or 'concat', got '${this.score}'`);
    if (this.score === 'dot') {
      check(querySize === keySize, 'LuongAttention', () => `the 'dot' score needs querySize = keySize, got ${querySize} and ${keySize}`);
    } else if (this.score === 'general') {
      this.registerModule('Wa', new Linear(keySize, querySize, { bias: false }));
    } else {
      const hidden = options.hiddenSize ?? NaN;
      checkSize('LuongAttention', "hiddenSize (required by the 'concat' score)", hidden);
      this.registerModule('Wa', new Linear(querySize + keySize, hidden, { bias: false }));
      this.registerModule('Va', new Linear(hidden, 1, { bias: false }));
    }
  }

  /**
   * query `[B, querySize]` or `[B, T, querySize]`, keys `[B, S, keySize]`, values `[B, S, V]`
   * (default: the keys) → `[context [B, (T,) V], weights [B, (T,) S]]`.
   */
  forward(query: Tensor, keys: Tensor, values: Tensor | null = null, options: SourceAttentionOptions = {}): [Tensor, Tensor] {
    const v = values ?? keys;
    checkSourceArgs('LuongAttention', query, keys, v, options.keyPaddingMask, this.querySize, this.keySize);
    return attendOverSource(this.#scores(asSteps(query), keys), v, options.keyPaddingMask, query);
  }

  /** `[B, T, querySize]`, `[B, S, keySize]` → scores `[B, T, S]`. */
  #scores(s: Tensor, h: Tensor): Tensor {
    if (this.score === 'dot') return matmul(s, transpose(h, 1, 2));
    const wa = this.getModule('Wa') as Linear;
    if (this.score === 'general') return matmul(s, transpose(wa.forward(h), 1, 2));
    // Wa [s; h] = Wa_s s + Wa_h h: the [B, T, S, querySize + keySize] concatenation is never formed.
    const w = wa.weight;
    const ws = matmul(s, transpose(narrow(w, 1, 0, this.querySize), 0, 1));
    const wh = matmul(h, transpose(narrow(w, 1, this.querySize, this.keySize), 0, 1));
    const hidden = tanh(unsqueeze(ws, 2).add(unsqueeze(wh, 1)));
    return squeeze((this.getModule('Va') as Linear).forward(hidden), -1);
  }
}
