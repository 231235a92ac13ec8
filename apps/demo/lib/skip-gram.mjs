// Skip-gram with negative sampling (word2vec, Mikolov et al. 2013) on @tessera/layers: an
// input and an output Embedding (sparse gradients by default), and the loss
// -log σ(u_c·v_o) - Σ_k log σ(-u_c·v_k) over a batch of (centre, context) pairs with k noise
// words each. Shared by the words and spam demos and by apps/bench.
import { matmul, mul, rand, softplus, tensor, tidy } from '@tessera/core';
import { backward, noGrad } from '@tessera/autograd';
import { Adam, Embedding, SGD, SparseAdam } from '@tessera/layers';

/**
 * The two tables of skip-gram: `input` (the word vectors kept afterwards), started uniform in
 * ±0.5/dim as word2vec does, and `output` (context vectors), started at zero.
 * @example const model = skipGramModel(vocab.words.length, 100);
 */
export function skipGramModel(vocabSize, dim, { sparse = true } = {}) {
  const input = new Embedding(vocabSize, dim, { sparse });
  const output = new Embedding(vocabSize, dim, { sparse });
  noGrad(() => tidy(() => {
    input.weight.assign(rand([vocabSize, dim]).sub(0.5).div(dim));
    output.weight.assign(output.weight.mul(0));
  }));
  return { input, output, sparse, parameters: () => [input.weight, output.weight], dispose: () => (input.dispose(), output.dispose()) };
}

/**
 * word2vec's plain SGD (`'sgd'`; with the summed loss, lr 0.025 is word2vec's per-pair rate),
 * or Adam: SparseAdam for sparse tables, Adam for dense ones (`'adam'`, as apps/bench compares).
 */
export function skipGramOptimizer(model, { optimizer = 'sgd', lr = optimizer === 'sgd' ? 0.025 : 1e-3 } = {}) {
  if (optimizer === 'sgd') return new SGD(model.parameters(), { lr });
  return model.sparse ? new SparseAdam(model.parameters(), { lr }) : new Adam(model.parameters(), { lr });
}

/**
 * The batch's host arrays: `centres` [B] and `targets` [B, 1 + negatives] (the context word,
 * then noise words drawn from `noise`), from pairs `from`..`from + batchSize`.
 */
export function skipGramBatch(pairs, from, batchSize, negatives, noise) {
  const n = Math.min(batchSize, pairs.centres.length - from);
  const targets = new Int32Array(n * (1 + negatives));
  for (let i = 0; i < n; i++) {
    targets[i * (1 + negatives)] = pairs.contexts[from + i];
    for (let k = 1; k <= negatives; k++) targets[i * (1 + negatives) + k] = noise();
  }
  return { centres: pairs.centres.subarray(from, from + n), targets, n };
}

/** The sum over the batch of the negative-sampling loss (a one-element tensor). */
export function skipGramLoss(model, centres, targets) {
  return tidy(() => {
    const u = model.input.call(centres); // [B, D]
    const v = model.output.call(targets); // [B, 1 + K, D]
    const scores = matmul(v, u.unsqueeze(-1)).squeeze(-1); // [B, 1 + K]
    // -log σ(s) for the context word, -log σ(-s) for noise words: softplus(-s·sign).
    const signs = tensor([1, ...new Array(targets.shape[1] - 1).fill(-1)], { dtype: 'float32' });
    return softplus(mul(scores, signs).neg()).sum();
  });
}

/**
 * One training step on a batch from `skipGramBatch`: forward, backward, update. Returns the
 * loss per pair (the caller reads and disposes it).
 */
export function skipGramStep(model, optimizer, batch, negatives) {
  const [centres, targets] = tidy(() => [tensor(batch.centres, { dtype: 'int32' }), tensor(batch.targets, { dtype: 'int32' }).reshape([batch.n, 1 + negatives])]);
  const loss = skipGramLoss(model, centres, targets);
  centres.dispose();
  targets.dispose();
  backward(loss);
  optimizer.step();
  optimizer.zeroGrad();
  const perPair = noGrad(() => loss.div(batch.n));
  loss.dispose();
  return perPair;
}
