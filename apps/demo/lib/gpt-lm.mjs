// The training and scoring pieces of the character GPT demo: random training windows from the
// character stream, one training step of the next-character loss, validation bits per
// character over the held-out stream cut into context-sized windows, and the cache-free step
// function the speed comparison samples with (each step re-runs the whole sequence, as a model
// without a key/value cache must).
import { cat, crossEntropy, logSoftmax, narrow, reshape, tensor, tidy } from '@tessera/core';
import { backward, noGrad } from '@tessera/autograd';
import { clipGradNorm } from '@tessera/layers';

/**
 * `batch` windows of `length + 1` characters at random offsets of `ids`: inputs and the next
 * characters as targets, row-major `[batch, length]` Int32Arrays.
 * @example const { inputs, targets } = randomWindows(corpus.train, 32, 128, random);
 */
export function randomWindows(ids, batch, length, random) {
  const inputs = new Int32Array(batch * length);
  const targets = new Int32Array(batch * length);
  for (let b = 0; b < batch; b++) {
    const start = Math.floor(random() * (ids.length - length - 1));
    inputs.set(ids.subarray(start, start + length), b * length);
    targets.set(ids.subarray(start + 1, start + 1 + length), b * length);
  }
  return { inputs, targets };
}

/**
 * One optimiser step of `gpt` on a batch from randomWindows: mean cross-entropy (nats) of every
 * position's next character, gradients clipped to `clip`. Returns the loss tensor (the caller
 * reads and frees it).
 */
export function trainBatch(gpt, optimizer, { inputs, targets }, length, { clip = 1 } = {}) {
  const loss = tidy(() => {
    const logits = gpt.call(reshape(tensor(inputs, { dtype: 'int32' }), [-1, length]));
    return crossEntropy(reshape(logits, [inputs.length, -1]), tensor(targets, { dtype: 'int32' }));
  });
  backward(loss);
  clipGradNorm(gpt.parameters(), clip).dispose();
  optimizer.step();
  optimizer.zeroGrad();
  return loss;
}

/**
 * Bits per character of `gpt` on `ids` cut into consecutive windows of `length` (each window
 * starts without context, so the score is a little worse than a sliding window's), `batch`
 * windows per forward, at most `maxBatches` forwards; without recording gradients.
 */
export async function validationBits(gpt, ids, length, batch, maxBatches = Infinity) {
  gpt.eval();
  const count = Math.floor((ids.length - 1) / length);
  let [nats, scored] = [0, 0];
  for (let w = 0, b = 0; w < count && b < maxBatches; w += batch, b++) {
    const rows = Math.min(batch, count - w);
    const inputs = ids.slice(w * length, (w + rows) * length);
    const targets = ids.slice(w * length + 1, (w + rows) * length + 1);
    const total = noGrad(() => tidy(() => {
      const logits = gpt.call(reshape(tensor(inputs, { dtype: 'int32' }), [rows, length]));
      return crossEntropy(reshape(logits, [inputs.length, -1]), tensor(targets, { dtype: 'int32' }), { reduction: 'sum' });
    }));
    nats += (await total.data())[0];
    total.dispose();
    scored += targets.length;
  }
  gpt.train();
  return nats / scored / Math.LN2;
}

/**
 * A step function for @tessera/layers' decoders that runs `gpt` without a cache: the state is
 * the whole sequence so far `[n, t]` (null before the first step), and every step runs the full
 * forward over it and keeps the last position's log-probabilities: O(t²) work per token, the
 * cost the key/value cache removes.
 * @example await sample(uncachedStep(gpt), { startToken, maxLength: 200, initialState: promptTensor, seed: 1 });
 */
export function uncachedStep(gpt) {
  return (tokens, sequence) => {
    const next = reshape(tensor(tokens, { dtype: 'int32' }), [tokens.length, 1]);
    const ids = sequence ? cat([sequence, next], 1) : next;
    const logits = gpt.call(ids);
    const last = reshape(narrow(logits, 1, ids.shape[1] - 1, 1), [tokens.length, -1]);
    return { logProbs: logSoftmax(last, -1), state: ids };
  };
}
