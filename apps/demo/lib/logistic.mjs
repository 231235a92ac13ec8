// Logistic regression with @tessera/layers for the spam demo: standardised features, one
// Linear layer, binary cross-entropy on logits, full-batch Adam.
import { bceWithLogits, tensor, tidy } from '@tessera/core';
import { backward, noGrad } from '@tessera/autograd';
import { Adam, Linear } from '@tessera/layers';

/** Per-column mean and standard deviation of `rows` (Float32Array, `n`×`f`). */
function columnStats(rows, n, f) {
  const mean = new Float64Array(f);
  const std = new Float64Array(f);
  for (let i = 0; i < n; i++) for (let j = 0; j < f; j++) mean[j] += rows[i * f + j] / n;
  for (let i = 0; i < n; i++) for (let j = 0; j < f; j++) std[j] += (rows[i * f + j] - mean[j]) ** 2 / n;
  return { mean, std: std.map((v) => Math.sqrt(v) || 1) };
}

function standardise(rows, n, f, { mean, std }) {
  return Float32Array.from(rows, (v, k) => (v - mean[k % f]) / std[k % f]);
}

/**
 * Trains a logistic-regression classifier on `train` (`{ rows, labels }`, rows n×f) and
 * returns the 0/1 predictions for `test`; features are standardised with the training set's
 * statistics.
 * @example const predicted = await logisticRegression(train, test, 300);
 */
export async function logisticRegression(train, test, f, { steps = 300, lr = 0.01, weightDecay = 1e-4 } = {}) {
  const n = train.labels.length;
  const m = test.labels.length;
  const stats = columnStats(train.rows, n, f);
  const model = new Linear(f, 1);
  const optimizer = new Adam(model.parameters(), { lr, weightDecay });
  const [x, y, xTest] = tidy(() => [
    tensor(standardise(train.rows, n, f, stats)).reshape([n, f]),
    tensor(Float32Array.from(train.labels)),
    tensor(standardise(test.rows, m, f, stats)).reshape([m, f]),
  ]);
  for (let s = 0; s < steps; s++) {
    const loss = tidy(() => bceWithLogits(model.call(x).squeeze(1), y));
    backward(loss);
    optimizer.step();
    optimizer.zeroGrad();
    loss.dispose();
  }
  const predicted = noGrad(() => tidy(() => model.call(xTest).squeeze(1).gt(0).int()));
  const labels = Array.from(await predicted.data());
  for (const t of [x, y, xTest, predicted]) t.dispose();
  model.dispose();
  optimizer.dispose();
  return labels;
}
