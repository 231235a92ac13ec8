// The model of the Transformer g2p demo: letter and phoneme embeddings (scaled by √dModel, with
// sinusoidal positions) around @tessera/transformer's encoder–decoder Transformer and a linear
// layer to the phoneme logits; the teacher-forced loss with label smoothing, the decoder as a
// step function for beam search, and the decoder's cross-attention of one word for the picture.
import { arange, cat, crossEntropy, ge, keep, logSoftmax, narrow, reshape, squeeze, tensor, tidy, unsqueeze } from '@tessera/core';
import { noGrad } from '@tessera/autograd';
import { Embedding, Linear, Module } from '@tessera/layers';
import { SinusoidalPositionalEncoding } from '@tessera/attention';
import { Transformer } from '@tessera/transformer';
import { PAD } from './cmudict-data.mjs';

/**
 * Embeddings → `Transformer` (batch first, pre-norm) → Linear. Keys: `src_embedding.weight`,
 * `tgt_embedding.weight`, `transformer.encoder.layers.0.self_attn.in_proj_weight`, ...,
 * `generator.weight`: `transformer.*` is nn.Transformer's state dict.
 */
export class G2PTransformer extends Module {
  constructor(letters, phonemes, { dModel = 128, nhead = 4, numLayers = 3, dimFeedforward = 512, dropout = 0.1 } = {}) {
    super();
    this.dModel = dModel;
    this.srcEmbedding = this.registerModule('src_embedding', new Embedding(letters, dModel, { paddingIdx: PAD }));
    this.tgtEmbedding = this.registerModule('tgt_embedding', new Embedding(phonemes, dModel, { paddingIdx: PAD }));
    this.positions = this.registerModule('positions', new SinusoidalPositionalEncoding(dModel, { batchFirst: true, dropout, maxLen: 64 }));
    this.transformer = this.registerModule('transformer', new Transformer({
      dModel, nhead, numEncoderLayers: numLayers, numDecoderLayers: numLayers, dimFeedforward, dropout, batchFirst: true, normFirst: true,
    }));
    this.generator = this.registerModule('generator', new Linear(dModel, phonemes));
  }

  /** Token ids `[B, L]` through an embedding, scaled by √dModel as the paper, plus positions. */
  embed(embedding, ids) {
    return this.positions.call(embedding.call(ids).mul(Math.sqrt(this.dModel)));
  }

  /**
   * The encoder's memory `[B, S, dModel]` for letter ids `source` `[B, S]` of `lengths` letters,
   * with the key padding mask `[B, S]` (true at padding) the decoder needs.
   */
  encode(source, lengths) {
    const [B, S] = source.shape;
    const padding = ge(unsqueeze(arange(0, S), 0), reshape(tensor(Int32Array.from(lengths), { dtype: 'int32' }), [B, 1]));
    const memory = this.transformer.encoder.call(this.embed(this.srcEmbedding, source), { srcKeyPaddingMask: padding });
    return { memory, padding };
  }

  /** Phoneme logits `[B, T, phonemes]` of decoder inputs `[B, T]` over an encoded batch (causal). */
  decode(inputs, { memory, padding }) {
    const out = this.transformer.decoder.call(this.embed(this.tgtEmbedding, inputs), memory, { tgtIsCausal: true, memoryKeyPaddingMask: padding });
    return this.generator.call(out);
  }

  /** Mean cross-entropy (label smoothing `labelSmoothing`) of a teacher-forced batch from makeBatch, padding ignored. */
  loss({ source, lengths, S, inputs, targets, T, size }, { labelSmoothing = 0 } = {}) {
    return tidy(() => {
      const encoded = this.encode(reshape(tensor(source, { dtype: 'int32' }), [size, S]), lengths);
      const logits = this.decode(reshape(tensor(inputs, { dtype: 'int32' }), [size, T]), encoded);
      return crossEntropy(reshape(logits, [size * T, -1]), tensor(targets, { dtype: 'int32' }), { ignoreIndex: PAD, labelSmoothing });
    });
  }

  /**
   * The decoder as a step function for @tessera/layers' decoders. The state is the encoded
   * word (`memory`, `padding`) and the phonemes fed so far (`prefix` `[n, t]`, null before the
   * first step), one row per hypothesis, so beam search's default row selection applies; each
   * step re-runs the decoder over the prefix (the words are short) and scores its last position.
   * @example await beamSearch(model.step(), { startToken: Array(B).fill(BOS), endToken: EOS, maxLength, initialState: { ...model.encode(source, lengths), prefix: null } });
   */
  step() {
    return (tokens, { memory, padding, prefix }) => {
      const next = reshape(tensor(tokens, { dtype: 'int32' }), [tokens.length, 1]);
      const ids = prefix ? cat([prefix, next], 1) : next;
      const logits = this.decode(ids, { memory, padding });
      const last = reshape(narrow(logits, 1, ids.shape[1] - 1, 1), [tokens.length, -1]);
      return { logProbs: logSoftmax(last, -1), state: { memory, padding, prefix: ids } };
    };
  }

  /**
   * The last decoder layer's cross-attention `[T, S]` (averaged over heads) for one word
   * (`source` `[1, S]`) while the decoder reads `inputs` (the start token, then phonemes): row t
   * is where it looked to emit phoneme t. The layer runs with needWeights: false, so the
   * weights are taken as a forward hook would in PyTorch: for this one call its
   * `multihead_attn.forward` is wrapped to run with needWeights on and keep the weights.
   */
  crossAttention(source, inputs) {
    const layer = this.transformer.decoder.layers.at(-1);
    const attention = layer.multiheadAttn;
    const forward = attention.forward;
    let weights = null;
    attention.forward = (query, key, value, options) => {
      const [out, w] = forward.call(attention, query, key, value, { ...options, needWeights: true });
      weights = keep(squeeze(w, 0)); // kept: the layer's own tidy frees what it does not return
      return [out, w];
    };
    try {
      noGrad(() => tidy(() => {
        this.decode(tensor([inputs], { dtype: 'int32' }), this.encode(source, [source.shape[1]]));
      }));
      return weights;
    } catch (error) {
      weights?.dispose();
      throw error;
    } finally {
      attention.forward = forward;
    }
  }
}
