// The grapheme-to-phoneme model of the g2p demo: @tessera/rnn's Encoder (a bidirectional
// LSTM over the letters, packed so that padding never reaches the states) and its
// AttentionDecoder with Bahdanau (additive) attention, started from the encoder's final
// states; the teacher-forced loss, the attention of one word for the picture, and the
// decoder's step function for @tessera/layers' beam search.
import { nllLoss, reshape, squeeze, tensor, tidy } from '@tessera/core';
import { Module } from '@tessera/layers';
import { AttentionDecoder, Encoder } from '@tessera/rnn';
import { PAD } from './cmudict-data.mjs';

/** Encoder–decoder with additive attention; keys `encoder.*` and `decoder.*` as @tessera/rnn names them. */
export class G2P extends Module {
  constructor(letters, phonemes, { embeddingSize = 64, encoderSize = 128, attentionSize = 128 } = {}) {
    super();
    this.encoder = this.registerModule('encoder', new Encoder(letters, embeddingSize, encoderSize, { bidirectional: true, paddingIdx: PAD }));
    // The decoder is as wide as both encoder directions, so it starts from their final states.
    this.decoder = this.registerModule('decoder', new AttentionDecoder(phonemes, embeddingSize, 2 * encoderSize, 2 * encoderSize, {
      attention: 'additive', attentionSize, paddingIdx: PAD,
    }));
  }

  /** The decoder's first state for letter ids `source` `[B, S]` (int32) of `lengths` letters. */
  encode(source, lengths) {
    const { outputs, hidden, keyPaddingMask } = this.encoder.call(source, lengths);
    return this.decoder.initialState(outputs, { keyPaddingMask, hidden });
  }

  /** Mean negative log-likelihood of a teacher-forced batch (from cmudict-data's makeBatch), padding ignored. */
  loss({ source, lengths, S, inputs, targets, T, size }) {
    return tidy(() => {
      const state = this.encode(reshape(tensor(source, { dtype: 'int32' }), [size, S]), lengths);
      const { logProbs } = this.decoder.call(reshape(tensor(inputs, { dtype: 'int32' }), [size, T]), state);
      return nllLoss(reshape(logProbs, [size * T, -1]), tensor(targets, { dtype: 'int32' }), { ignoreIndex: PAD });
    });
  }

  /**
   * The attention weights `[T, S]` of one word (`source` `[1, S]`) while the decoder reads
   * `inputs` (the start token, then phonemes): row t is where it looked to emit phoneme t.
   */
  alignment(source, inputs) {
    return tidy(() => {
      const { attention } = this.decoder.call(tensor([inputs], { dtype: 'int32' }), this.encode(source, [source.shape[1]]));
      return squeeze(attention, 0);
    });
  }

  /**
   * The decoder as a step function for @tessera/layers' decoders (every tensor of its state
   * has one row per hypothesis, so beam search's default row selection applies).
   * @example await beamSearch(model.step(), { startToken: Array(B).fill(BOS), endToken: EOS, maxLength, initialState: model.encode(source, lengths) });
   */
  step() {
    return (tokens, state) => {
      const { logProbs, state: next } = this.decoder.step(tensor(tokens, { dtype: 'int32' }), state);
      return { logProbs, state: next };
    };
  }
}
