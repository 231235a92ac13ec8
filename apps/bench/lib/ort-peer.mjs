// ONNX Runtime Web's wasm backend as a peer of lib/timing.mjs's measureCase: each peer owns a
// worker (lib/ort-worker.mjs) holding one session at its thread count.
import { Worker } from 'node:worker_threads';
import { env } from 'onnxruntime-web';

/** The onnxruntime-web version this benchmark runs. */
export const ortVersion = env.versions.web;

/** The worker's next message, or its error (the error listener is removed once answered). */
function nextMessage(worker) {
  return new Promise((resolve, reject) => {
    worker.once('error', reject);
    worker.once('message', (message) => {
      worker.off('error', reject);
      resolve(message);
    });
  });
}

/** Starts a worker with the model at `modelPath` on `threads` threads; resolves once the session exists. */
async function startWorker(modelPath, threads, shape) {
  const worker = new Worker(new URL('./ort-worker.mjs', import.meta.url), { workerData: { modelPath, threads, shape } });
  await nextMessage(worker);
  return worker;
}

/** Runs the worker's session on `input` and resolves to its output (a Float32Array). */
async function infer(worker, input) {
  const reply = nextMessage(worker);
  worker.postMessage({ input });
  return (await reply).out;
}

/**
 * A measureCase peer running `modelPath` through onnxruntime-web (wasm) on `threads` threads;
 * a run is one inference on the case's `input` (Float32Array of `shape`), read back. `output()`
 * gives the last run's output, for the correctness check.
 */
export function ortPeer(label, modelPath, threads) {
  let last = null;
  return {
    label,
    output: () => last,
    async prepare({ input, shape }) {
      const worker = await startWorker(modelPath, threads, shape);
      return {
        run: async () => {
          last = await infer(worker, input);
        },
        dispose: () => void worker.terminate(),
      };
    },
  };
}
