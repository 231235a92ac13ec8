// Starting the backend a demo's `--backend` names: the same checks and start-up for every
// demo (webgpu registers itself from its own entry point; in Node it runs on Dawn, the npm
// package `webgpu`, on a GPU or on SwiftShader where there is none).
import { ready, setBackend, setThreads } from '@tessera/core';

/**
 * Starts `backend` ('wasm', 'webgpu' or 'js') for the demo `demo`, with `threads` wasm
 * worker threads when given; throws a message naming the demo for any other backend.
 * @example await startBackend('mnist', values.backend, values.threads);
 */
export async function startBackend(demo, backend, threads) {
  if (!['wasm', 'webgpu', 'js'].includes(backend)) throw new Error(`${demo}: unknown --backend '${backend}' (expected wasm, webgpu or js)`);
  if (backend === 'webgpu') await import('@tessera/core/webgpu');
  await setBackend(backend);
  if (threads && backend === 'wasm') await setThreads(Number(threads));
  await ready();
}
