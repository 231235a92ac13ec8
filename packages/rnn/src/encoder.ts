// Encoder: the source side of a sequence-to-sequence model (embedding, then a stacked,
// optionally bidirectional LSTM or GRU over padded or variable-length batches), handing the
// decoder its memory, the source padding mask and a starting state.
import { arange, ge, permute, reshape, tensor, unsqueeze, type Tensor } from '@tessera/core';
import { Embedding, Module } from '@tessera/layers';
import { check, fmt } from './args.js';
import { GRU, LSTM } from './layers.js';
import { packPaddedSequence, padPackedSequence, type PackedSequence } from './packed.js';

/** The recurrent cell of Encoder and AttentionDecoder. */
export type Seq2SeqCell = 'lstm' | 'gru';

/** Options of Encoder. */
export interface EncoderOptions {
  /** `'lstm'` (default) or `'gru'`. */
  cell?: Seq2SeqCell;
  /** Stacked layers. Default 1. */
  numLayers?: number;
  /** Read the source both ways; outputs and states are both directions concatenated. Default false. */
  bidirectional?: boolean;
  /** Dropout between layers in training. Default 0. */
  dropout?: number;
  /** A padding token: its embedding row is zero and gets no gradient. Default none. */
  paddingIdx?: number | null;
}

/** What Encoder returns. */
export interface Encoded {
  /** `[B, S, numDirections · hiddenSize]`: the memory the decoder attends over (zero at padding). */
  outputs: Tensor;
  /** Final state per layer, directions concatenated: `[numLayers, B, D·H]` (LSTM: `[h, c]`). */
  hidden: Tensor | [Tensor, Tensor];
  /** `[B, S]` bool, true at padding (when lengths were given), for the attention. */
  keyPaddingMask: Tensor | null;
}

/**
 * Embedding (`embedding.weight`) then an LSTM or GRU (`rnn.*`, PyTorch's keys), batch-first.
 * With lengths the batch is packed, so padding reaches neither the states nor the outputs.
 * @example
 * const encoder = new Encoder(30, 64, 128, { bidirectional: true });
 * const { outputs, hidden, keyPaddingMask } = encoder.call(source, [7, 5, 3]); // source int32 [3, 7]
 */
export class Encoder extends Module {
  /** Token embeddings. */
  readonly embedding: Embedding;
  /** The recurrent layers (batch-first). */
  readonly rnn: LSTM | GRU;

  constructor(readonly vocabSize: number, readonly embeddingDim: number, readonly hiddenSize: number, options: EncoderOptions = {}) {
    super();
    const { cell = 'lstm', numLayers = 1, bidirectional = false, dropout = 0, paddingIdx = null } = options;
    check(cell === 'lstm' || cell === 'gru', 'Encoder', () => `cell must be 'lstm' or 'gru', got '${cell}'`);
    this.embedding = this.registerModule('embedding', new Embedding(vocabSize, embeddingDim, { paddingIdx }));
    const Layer = cell === 'lstm' ? LSTM : GRU;
    this.rnn = this.registerModule('rnn', new Layer(embeddingDim, hiddenSize, { numLayers, bidirectional, dropout, batchFirst: true }));
  }

  /** The width of `outputs` and of each layer's state: numDirections · hiddenSize. */
  get outputSize(): number {
    return this.rnn.numDirections * this.hiddenSize;
  }

  /** `tokens` int32 `[B, S]`, optional `lengths` (any order) → outputs, final states and the padding mask. */
  forward(tokens: Tensor, lengths: readonly number[] | null = null): Encoded {
    check(tokens.dtype === 'int32' && tokens.ndim === 2, 'Encoder', () => `tokens must be int32 [batch, sourceLength], got ${tokens.dtype} ${fmt(tokens.shape)}`);
    const [B, S] = tokens.shape;
    const embedded = this.embedding.forward(tokens);
    let outputs: Tensor;
    let state: Tensor | [Tensor, Tensor];
    let keyPaddingMask: Tensor | null = null;
    if (lengths) {
      const packed = packPaddedSequence(embedded, lengths, { batchFirst: true, enforceSorted: false });
      const [out, final] = this.rnn.forward(packed, null);
      [outputs] = padPackedSequence(out as PackedSequence, { batchFirst: true, totalLength: S });
      state = final;
      // mask[b, s] = s ≥ lengths[b]
      keyPaddingMask = ge(unsqueeze(arange(0, S), 0), reshape(tensor(Int32Array.from(lengths), { dtype: 'int32' }), [B, 1]));
    } else {
      const [out, final] = this.rnn.forward(embedded, null);
      outputs = out as Tensor;
      state = final;
    }
    const hidden = Array.isArray(state) ? (state.map((s) => this.#joinDirections(s)) as [Tensor, Tensor]) : this.#joinDirections(state);
    return { outputs, hidden, keyPaddingMask };
  }

  /** `[L·D, B, H]` → `[L, B, D·H]`: each layer's directions side by side, as its outputs are. */
  #joinDirections(s: Tensor): Tensor {
    const D = this.rnn.numDirections;
    if (D === 1) return s;
    const [, B, H] = s.shape;
    const L = this.rnn.numLayers;
    return reshape(permute(reshape(s, [L, D, B, H]), [0, 2, 1, 3]), [L, B, D * H]);
  }
}
