// The MNIST digits in the browser: the compact subset the build writes (plugins/mnist-subset.ts)
// decoded into the `{ images, labels, count }` sets that @tessera/demo's batches() takes,
// and the normalisation the models were trained with, for digits drawn or picked by hand.
import { MEAN, STD } from '@tessera/demo/lib/mnist-batches.mjs';

/** A set of 28×28 digits: pixels in [0, 1], `count` × 784 of them, and their labels. */
export interface DigitSet {
  images: Float32Array;
  labels: Int32Array;
  count: number;
}

/** The pixels of one digit. */
export const PIXELS = 28 * 28;

let loading: Promise<{ train: DigitSet; test: DigitSet }> | undefined;

/**
 * Fetches `mnist-subset.bin` from the site (once) and decodes its training and test sets.
 * @example const { train, test } = await loadDigits();
 */
export function loadDigits(): Promise<{ train: DigitSet; test: DigitSet }> {
  loading ??= (async () => {
    const response = await fetch(new URL('mnist-subset.bin', document.baseURI));
    if (!response.ok) throw new Error(`MNIST: fetching mnist-subset.bin failed with HTTP ${response.status}`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    const header = new DataView(bytes.buffer);
    const [trainCount, testCount] = [header.getUint32(0, true), header.getUint32(4, true)];
    const total = trainCount + testCount;
    const part = (from: number, count: number): DigitSet => {
      const images = new Float32Array(count * PIXELS);
      const pixels = bytes.subarray(8 + total + from * PIXELS, 8 + total + (from + count) * PIXELS);
      for (let i = 0; i < images.length; i++) images[i] = pixels[i] / 255;
      return { images, labels: Int32Array.from(bytes.subarray(8 + from, 8 + from + count)), count };
    };
    return { train: part(0, trainCount), test: part(trainCount, testCount) };
  })();
  return loading;
}

/** One digit's pixels (in [0, 1]) normalised as the training batches are. */
export function normalise(pixels: Float32Array): Float32Array {
  return pixels.map((p) => (p - MEAN) / STD);
}

/** Digit `k` of `set` (a view, not a copy). */
export function digitOf(set: DigitSet, k: number): Float32Array {
  return set.images.subarray(k * PIXELS, (k + 1) * PIXELS);
}

/** Paints 28×28 `pixels` (in [0, 1], or any range given by `lo`..`hi`) into `canvas` as grey levels. */
export function paintDigit(canvas: HTMLCanvasElement, pixels: ArrayLike<number>, size = 28, lo = 0, hi = 1): void {
  canvas.width = size;
  canvas.height = size;
  const context = canvas.getContext('2d')!;
  const image = context.createImageData(size, size);
  const span = hi - lo || 1;
  for (let i = 0; i < size * size; i++) {
    const v = Math.round(255 * Math.min(1, Math.max(0, (pixels[i] - lo) / span)));
    image.data.set([v, v, v, 255], 4 * i);
  }
  context.putImageData(image, 0, 0);
}
