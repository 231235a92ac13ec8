// AttentionDecoder: the target side of a sequence-to-sequence model, one token at a time with
// Bahdanau (additive) or Luong attention from @tessera/attention. Its `step(tokens, state)`
// is the step function @tessera/layers' greedy and beam-search decoders drive; `forward`
// runs the same steps over a whole target (teacher forcing) for training.
import { cat, logSoftmax, stack, tanh, transpose, unsqueeze, zeros, type Tensor } from '@tessera/core';
import { AdditiveAttention, LuongAttention, type LuongScore } from '@tessera/attention';
import { Embedding, Linear, Module } from '@tessera/layers';
import { check, checkShape, checkSize, fmt } from './args.js';
import type { Seq2SeqCell } from './encoder.js';
import { GRU, LSTM } from './layers.js';

/** Options of AttentionDecoder. */
export interface AttentionDecoderOptions {
  /** `'additive'` (Bahdanau, the default) or `'luong'`. */
  attention?: 'additive' | 'luong';
  /** Luong's score (default `'general'`). */
  score?: LuongScore;
  /** Width of the additive (and Luong concat) score's hidden layer. Default hiddenSize. */
  attentionSize?: number;
  /** `'lstm'` (default) or `'gru'`. */
  cell?: Seq2SeqCell;
  /** Stacked layers. Default 1. */
  numLayers?: number;
  /** Dropout between layers in training. Default 0. */
  dropout?: number;
  /** A padding token: its embedding row is zero and gets no gradient. Default none. */
  paddingIdx?: number | null;
}

/**
 * The decoder's state between steps. Every tensor has the batch (or beam) first, so a search
 * reorders the whole state with `indexSelect(t, 0, beamIndices)`.
 */
export interface DecoderState {
  /** `[B, numLayers, hiddenSize]`: each layer's h. */
  hidden: Tensor;
  /** `[B, numLayers, hiddenSize]`: each layer's c (LSTM), else null. */
  cell: Tensor | null;
  /** `[B, S, encoderSize]`: the encoder outputs attended over. */
  memory: Tensor;
  /** `[B, S]` bool, true at source padding, or null. */
  keyPaddingMask: Tensor | null;
  /** Luong's attentional vector `[B, hiddenSize]` fed into the next step; null with additive attention. */
  attentional: Tensor | null;
}

/** What AttentionDecoder.step returns. */
export interface DecoderStep {
  /** `[B, vocabSize]` log-probabilities of the next token. */
  logProbs: Tensor;
  /** The state for the next step. */
  state: DecoderState;
  /** `[B, S]` this step's attention weights over the source. */
  attention: Tensor;
}

/** What AttentionDecoder.forward returns. */
export interface DecoderOutput {
  /** `[B, T, vocabSize]`. */
  logProbs: Tensor;
  /** The state after the last step. */
  state: DecoderState;
  /** `[B, T, S]` attention weights (the alignment). */
  attention: Tensor;
}

/** Options of AttentionDecoder.initialState. */
export interface InitialStateOptions {
  /** `[B, S]` bool, true at source padding. */
  keyPaddingMask?: Tensor | null;
  /** Starting state `[numLayers, B, hiddenSize]` (LSTM: `[h, c]`), e.g. Encoder's `hidden`; zeros when absent. */
  hidden?: Tensor | [Tensor, Tensor] | null;
}

/**
 * A recurrent decoder with attention over encoder outputs. Keys: `embedding.weight`,
 * `attention.*` (AdditiveAttention's `Wa`, `Ua`, `Va`, or LuongAttention's), `rnn.*` (an LSTM
 * or GRU, PyTorch's keys), `concat.weight` (Luong only) and `out.weight`, `out.bias`.
 *
 * - additive (Bahdanau, as PyTorch's seq2seq tutorial): the context is attended with the
 *   previous top hidden state as query; `h_t = rnn([embed(y_{t−1}); context])`;
 *   `logits = out(h_t)`.
 * - luong (with input feeding): `h_t = rnn([embed(y_{t−1}); h̃_{t−1}])`; the context is
 *   attended with `h_t`; `h̃_t = tanh(concat([context; h_t]))` (no bias); `logits = out(h̃_t)`.
 * @example
 * const decoder = new AttentionDecoder(40, 64, 256, encoder.outputSize, { attention: 'luong', score: 'dot' });
 * let state = decoder.initialState(encoded.outputs, { keyPaddingMask: encoded.keyPaddingMask, hidden: encoded.hidden });
 * const { logProbs, state: next } = decoder.step(previousTokens, state); // [B, 40]
 */
export class AttentionDecoder extends Module {
  /** Which attention. */
  readonly attentionKind: 'additive' | 'luong';
  /** Token embeddings. */
  readonly embedding: Embedding;
  /** The attention module. */
  readonly attention: AdditiveAttention | LuongAttention;
  /** The recurrent layers (one step per call). */
  readonly rnn: LSTM | GRU;
  /** Luong's `W_c` `[hiddenSize, encoderSize + hiddenSize]`, or null. */
  readonly concat: Linear | null;
  /** The output projection to the vocabulary. */
  readonly out: Linear;

  constructor(readonly vocabSize: number, readonly embeddingDim: number, readonly hiddenSize: number, readonly encoderSize: number, options: AttentionDecoderOptions = {}) {
    super();
    const { attention = 'additive', cell = 'lstm', numLayers = 1, dropout = 0, paddingIdx = null } = options;
    const attentionSize = options.attentionSize ?? hiddenSize;
    check(attention === 'additive' || attention === 'luong', 'AttentionDecoder', () => `attention must be 'additive' or 'luong', got '${attention}'`);
    check(cell === 'lstm' || cell === 'gru', 'AttentionDecoder', () => `cell must be 'lstm' or 'gru', got '${cell}'`);
    checkSize('AttentionDecoder', 'encoderSize', encoderSize);
    this.attentionKind = attention;
    this.embedding = this.registerModule('embedding', new Embedding(vocabSize, embeddingDim, { paddingIdx }));
    this.attention = this.registerModule('attention', attention === 'additive'
      ? new AdditiveAttention(hiddenSize, encoderSize, attentionSize)
      : new LuongAttention(hiddenSize, encoderSize, { score: options.score ?? 'general', hiddenSize: attentionSize }));
    const Layer = cell === 'lstm' ? LSTM : GRU;
    const feed = attention === 'additive' ? encoderSize : hiddenSize;
    this.rnn = this.registerModule('rnn', new Layer(embeddingDim + feed, hiddenSize, { numLayers, dropout }));
    this.concat = attention === 'luong' ? this.registerModule('concat', new Linear(encoderSize + hiddenSize, hiddenSize, { bias: false })) : null;
    this.out = this.registerModule('out', new Linear(hiddenSize, vocabSize));
  }

  /**
   * The state before the first step: the encoder outputs `memory` `[B, S, encoderSize]`, its
   * padding mask, and the starting hidden state (zeros when absent).
   * @example const state = decoder.initialState(outputs, { keyPaddingMask, hidden });
   */
  initialState(memory: Tensor, options: InitialStateOptions = {}): DecoderState {
    const where = 'AttentionDecoder.initialState';
    check(memory.dtype === 'float32' && memory.ndim === 3 && memory.shape[2] === this.encoderSize, where, () =>
      `memory must be float32 [batch, sourceLength, ${this.encoderSize}] (encoderSize), got ${memory.dtype} ${fmt(memory.shape)}`);
    const B = memory.shape[0];
    const L = this.rnn.numLayers;
    const lstm = this.rnn instanceof LSTM;
    const given = options.hidden ?? null;
    check(given === null || Array.isArray(given) === lstm, where, () => `hidden must be ${lstm ? '[h, c] for an LSTM decoder' : 'one tensor for a GRU decoder'}`);
    const parts = given === null ? null : Array.isArray(given) ? given : [given];
    parts?.forEach((p, k) => checkShape(where, ['hidden', 'cell'][k], p, [L, B, this.hiddenSize], '[numLayers, batch, hiddenSize]'));
    const batchFirst = (k: number) => (parts ? transpose(parts[k], 0, 1) : zeros([B, L, this.hiddenSize]));
    return {
      hidden: batchFirst(0),
      cell: lstm ? batchFirst(1) : null,
      memory,
      keyPaddingMask: options.keyPaddingMask ?? null,
      attentional: this.attentionKind === 'luong' ? zeros([B, this.hiddenSize]) : null,
    };
  }

  /**
   * One step: the previous tokens int32 `[B]` and the state → log-probabilities of the next
   * token, the new state and the attention weights. Not wrapped in `tidy`: call it inside one
   * (the decoding loops of @tessera/layers do).
   * @example const { logProbs, state: next, attention } = tidy(() => decoder.step(tokens, state));
   */
  step(tokens: Tensor, state: DecoderState): DecoderStep {
    check(tokens.dtype === 'int32' && tokens.ndim === 1 && tokens.shape[0] === state.memory.shape[0], 'AttentionDecoder', () =>
      `tokens must be int32 [batch] with batch ${state.memory.shape[0]} (the memory's), got ${tokens.dtype} ${fmt(tokens.shape)}`);
    const embedded = this.embedding.forward(tokens);
    const top = (h: Tensor) => h.narrow(1, this.rnn.numLayers - 1, 1).squeeze(1);
    const attend = (query: Tensor) => this.attention.forward(query, state.memory, null, { keyPaddingMask: state.keyPaddingMask });
    let context: Tensor | null = null;
    let weights: Tensor | null = null;
    if (this.attentionKind === 'additive') [context, weights] = attend(top(state.hidden));
    const feed = this.attentionKind === 'additive' ? context! : state.attentional!;
    // One time step through the stacked layers: input [1, B, F] (time-major), state [L, B, H].
    const input = unsqueeze(cat([embedded, feed], 1), 0);
    const hx = transpose(state.hidden, 0, 1);
    const [out, final] = this.rnn instanceof LSTM
      ? this.rnn.forward(input, [hx, transpose(state.cell!, 0, 1)])
      : this.rnn.forward(input, hx);
    const h = (out as Tensor).squeeze(0);
    const [hN, cN] = Array.isArray(final) ? final : [final, null];
    let attentional: Tensor | null = null;
    let features = h;
    if (this.attentionKind === 'luong') {
      [context, weights] = attend(h);
      attentional = tanh(this.concat!.forward(cat([context, h], 1)));
      features = attentional;
    }
    return {
      logProbs: logSoftmax(this.out.forward(features), -1),
      state: { hidden: transpose(hN, 0, 1), cell: cN ? transpose(cN, 0, 1) : null, memory: state.memory, keyPaddingMask: state.keyPaddingMask, attentional },
      attention: weights!,
    };
  }

  /**
   * Teacher forcing: the decoder inputs int32 `[B, T]` (the target shifted right, starting
   * with the start token) → log-probabilities `[B, T, vocabSize]` of each next token.
   * @example const { logProbs } = decoder.call(targetIn, state); // nllLoss over targetOut
   */
  forward(tokens: Tensor, state: DecoderState): DecoderOutput {
    check(tokens.dtype === 'int32' && tokens.ndim === 2, 'AttentionDecoder', () => `tokens must be int32 [batch, targetLength], got ${tokens.dtype} ${fmt(tokens.shape)}`);
    const logProbs: Tensor[] = [];
    const attention: Tensor[] = [];
    let current = state;
    for (let t = 0; t < tokens.shape[1]; t++) {
      const result = this.step(tokens.narrow(1, t, 1).squeeze(1), current);
      logProbs.push(result.logProbs);
      attention.push(result.attention);
      current = result.state;
    }
    return { logProbs: stack(logProbs, 1), state: current, attention: stack(attention, 1) };
  }
}
