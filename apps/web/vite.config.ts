// Vite settings for the browser demo: the dev and preview servers make the page cross-origin
// isolated (COOP/COEP), so that the wasm backend gets shared memory and worker threads, and
// the MNIST subset is generated from the `mnist` package at build time.
import { defineConfig } from 'vite';
import { mnistSubset } from './plugins/mnist-subset.ts';

/** The headers that make `crossOriginIsolated` true in the page. */
const isolation = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

export default defineConfig({
  // Relative asset URLs, so that the built site works from any folder of a static host.
  base: './',
  server: { headers: isolation },
  preview: { headers: isolation },
  build: { target: 'es2022' },
  plugins: [mnistSubset()],
});
