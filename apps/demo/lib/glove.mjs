// GloVe (Pennington et al. 2014) on @tessera/layers: co-occurrence counts weighted by 1/d
// within a window, and the weighted least squares
// J = Σ f(X_ij) (w_i·w̃_j + b_i + b̃_j - log X_ij)², f(x) = min(1, (x/x_max)^α), trained with
// AdaGrad on sparse embedding gradients; the word vectors are w + w̃, as in the paper.
// NOTE: the biases start at the paper's own account of them, b_i = log X_i (the row sum)
// less half the log of the total, so that b_i + b̃_j fits log X_ij where words are
// independent and w·w̃ only has to learn the rest (a PMI). Started at zero, as the reference
// code does, they learn too slowly for a corpus this small (a few hundred large batches per
// epoch): the vectors take on that frequency term instead, in one shared direction, and every
// word's nearest neighbours become the most frequent words ("the", "which", "of").
import { add, log, mul, minimum, pow, rand, tensor, tidy } from '@tessera/core';
import { backward, noGrad } from '@tessera/autograd';
import { Adagrad, Embedding } from '@tessera/layers';

/**
 * Symmetric co-occurrence counts of `documents` (id arrays) within `window` words, each pair
 * at distance d adding 1/d. Returns `{ rows, cols, values }` (Int32Array, Int32Array,
 * Float32Array), one entry per non-zero X_ij.
 */
export function cooccurrences(documents, vocabSize, window = 10) {
  const counts = new Map();
  for (const doc of documents) {
    for (let i = 0; i < doc.length; i++) {
      for (let d = 1; d <= window && i + d < doc.length; d++) {
        const a = doc[i];
        const b = doc[i + d];
        for (const key of [a * vocabSize + b, b * vocabSize + a]) counts.set(key, (counts.get(key) ?? 0) + 1 / d);
      }
    }
  }
  const rows = new Int32Array(counts.size);
  const cols = new Int32Array(counts.size);
  const values = new Float32Array(counts.size);
  let k = 0;
  for (const [key, x] of counts) {
    rows[k] = Math.floor(key / vocabSize);
    cols[k] = key % vocabSize;
    values[k++] = x;
  }
  return { rows, cols, values };
}

/**
 * GloVe's tables for the co-occurrences `x` (from `cooccurrences`): w, w̃ uniform in ±0.5/dim
 * (as the reference code) and the biases b, b̃ at `log X_i - ½ log ΣX` (see the note above).
 */
export function gloveModel(x, vocabSize, dim) {
  const rowSums = new Float64Array(vocabSize);
  for (let k = 0; k < x.values.length; k++) rowSums[x.rows[k]] += x.values[k];
  const halfLogTotal = 0.5 * Math.log(rowSums.reduce((a, b) => a + b, 0));
  const biases = Float32Array.from(rowSums, (r) => (r > 0 ? Math.log(r) - halfLogTotal : 0));
  const table = (d, init) => {
    const e = new Embedding(vocabSize, d, { sparse: true });
    noGrad(() => tidy(() => e.weight.assign(init())));
    return e;
  };
  const vectors = () => rand([vocabSize, dim]).sub(0.5).mul(1 / dim);
  const bias = () => tensor(biases).reshape([vocabSize, 1]);
  const parts = { w: table(dim, vectors), wContext: table(dim, vectors), b: table(1, bias), bContext: table(1, bias) };
  const tables = Object.values(parts);
  return { ...parts, parameters: () => tables.map((t) => t.weight), dispose: () => tables.forEach((t) => t.dispose()) };
}

/** AdaGrad over GloVe's tables (the reference implementation's learning rate is 0.05). */
export function gloveOptimizer(model, lr = 0.05) {
  return new Adagrad(model.parameters(), { lr });
}

/**
 * One AdaGrad step on the entries `from`..`from + batchSize` of `order` (a permutation of
 * the co-occurrence entries): the sum over the batch of ½·f(X)·(w·w̃ + b + b̃ - log X)².
 * Returns that loss divided by the batch size (the caller reads and disposes it). `xMax` is
 * 10, as the reference's demo uses on text8: the paper's 100 suits billions of tokens, while
 * here most 1/d-weighted counts are below 1 and would weigh ~0.03, leaving the fit to the
 * pairs of function words.
 */
export function gloveStep(model, optimizer, x, order, from, batchSize, { xMax = 10, alpha = 0.75 } = {}) {
  const ids = order.subarray(from, from + batchSize);
  const n = ids.length;
  const [i, j, counts] = tidy(() => [
    tensor(Int32Array.from(ids, (k) => x.rows[k]), { dtype: 'int32' }),
    tensor(Int32Array.from(ids, (k) => x.cols[k]), { dtype: 'int32' }),
    tensor(Float32Array.from(ids, (k) => x.values[k]), { dtype: 'float32' }),
  ]);
  const loss = tidy(() => {
    const dot = mul(model.w.call(i), model.wContext.call(j)).sum(1);
    const diff = add(add(dot, model.b.call(i).squeeze(1)), model.bContext.call(j).squeeze(1)).sub(log(counts));
    const weight = minimum(pow(counts.div(xMax), alpha), 1);
    return mul(weight, diff.square()).sum().mul(0.5);
  });
  for (const t of [i, j, counts]) t.dispose();
  backward(loss);
  optimizer.step();
  optimizer.zeroGrad();
  const mean = noGrad(() => loss.div(n));
  loss.dispose();
  return mean;
}

/** The word vectors w + w̃, `[vocabSize, dim]`. */
export function gloveVectors(model) {
  return noGrad(() => add(model.w.weight, model.wContext.weight));
}
