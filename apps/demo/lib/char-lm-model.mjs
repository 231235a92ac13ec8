// The character language model of the char-LM demo: embedding, a stacked LSTM from
// @tessera/rnn and a linear layer to the next character's logits; one truncated-BPTT training
// step that carries the detached LSTM state to the next window; validation bits per character;
// and the step function `sample` draws text from.
import { logSoftmax, reshape, tensor, tidy, zeros } from '@tessera/core';
import { backward, detach, noGrad } from '@tessera/autograd';
import { clipGradNorm, crossEntropy, Embedding, Linear, Module } from '@tessera/layers';
import { LSTM } from '@tessera/rnn';

/**
 * Embedding → LSTM (batch first) → Linear. The keys are those of the same PyTorch module
 * (`embedding.weight`, `lstm.weight_ih_l0`, ..., `head.weight`), so its state dict loads there.
 */
export class CharLM extends Module {
  constructor(vocabSize, { embeddingSize = 64, hiddenSize = 256, numLayers = 2, dropout = 0 } = {}) {
    super();
    this.hiddenSize = hiddenSize;
    this.numLayers = numLayers;
    this.embedding = this.registerModule('embedding', new Embedding(vocabSize, embeddingSize));
    this.lstm = this.registerModule('lstm', new LSTM(embeddingSize, hiddenSize, { numLayers, batchFirst: true, dropout }));
    this.head = this.registerModule('head', new Linear(hiddenSize, vocabSize));
  }

  /** ids `[B, T]` int32, state `[h, c]` (`[layers, B, hidden]` each) or null → `[logits [B·T, vocab], [h, c]]`. */
  forward(ids, state = null) {
    const [output, next] = this.lstm.call(this.embedding.call(ids), state);
    return [this.head.call(reshape(output, [-1, this.hiddenSize])), next];
  }

  /** A zero state for `batch` rows. */
  zeroState(batch) {
    return [zeros([this.numLayers, batch, this.hiddenSize]), zeros([this.numLayers, batch, this.hiddenSize])];
  }
}

/**
 * One truncated-BPTT step on a window (`inputs`/`targets` row-major `[batch, steps]`): the loss
 * (mean cross-entropy, nats) back-propagated through this window only, gradients clipped to
 * `clip`, one optimiser step. Frees `state` and returns `{ loss, state }` with the final state
 * detached, to start the next window from.
 */
export function trainWindow(model, optimizer, { inputs, targets, steps }, state, { clip = 1 } = {}) {
  const batch = inputs.length / steps;
  const [loss, h, c] = tidy(() => {
    const x = reshape(tensor(inputs, { dtype: 'int32' }), [batch, steps]);
    const [logits, [hN, cN]] = model.call(x, state);
    return [crossEntropy(logits, tensor(targets, { dtype: 'int32' })), detach(hN), detach(cN)];
  });
  state.forEach((t) => t.dispose());
  backward(loss);
  clipGradNorm(model.parameters(), clip).dispose();
  optimizer.step();
  optimizer.zeroGrad();
  return { loss, state: [h, c] };
}

/**
 * Bits per character of `model` on the windows of a validation stream (state carried across
 * windows, as in training), without recording gradients.
 */
export async function bitsPerCharacter(model, windowsOfStream, batch) {
  model.eval();
  let state = model.zeroState(batch);
  let [nats, count] = [0, 0];
  for (const { inputs, targets, steps } of windowsOfStream) {
    const [total, h, c] = noGrad(() => tidy(() => {
      const [logits, [hN, cN]] = model.call(reshape(tensor(inputs, { dtype: 'int32' }), [batch, steps]), state);
      return [crossEntropy(logits, tensor(targets, { dtype: 'int32' }), { reduction: 'sum' }), hN, cN];
    }));
    state.forEach((t) => t.dispose());
    state = [h, c];
    nats += (await total.data())[0];
    total.dispose();
    count += targets.length;
  }
  state.forEach((t) => t.dispose());
  model.train();
  return nats / count / Math.LN2;
}

/**
 * The decoding step of `model` for @tessera/layers' decoders: the last character of each
 * sequence and the LSTM state `[h, c]` → next-character log-probabilities `[n, vocab]`.
 * @example await sample(charStep(model), { startToken, maxLength: 400, initialState: model.zeroState(1), seed: 1 });
 */
export function charStep(model) {
  return (tokens, state) => {
    const [logits, next] = model.call(reshape(tensor(tokens, { dtype: 'int32' }), [tokens.length, 1]), state);
    return { logProbs: logSoftmax(logits, -1), state: next };
  };
}
