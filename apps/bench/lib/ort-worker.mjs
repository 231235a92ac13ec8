// One ONNX Runtime Web session in a worker thread. ORT reads `env.wasm.numThreads` once, when
// its wasm module starts, so 1 and 2 threads need two ORT instances: one worker each, inside
// the benchmark's process. Messages: { input } runs the model on a Float32Array and replies
// { out }, its output.
import { parentPort, workerData } from 'node:worker_threads';
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-web';

const { modelPath, threads, shape } = workerData;
ort.env.wasm.numThreads = threads;
const session = await ort.InferenceSession.create(readFileSync(modelPath), { executionProviders: ['wasm'] });
const [inputName] = session.inputNames;
const [outputName] = session.outputNames;

parentPort.on('message', async ({ input }) => {
  const feeds = { [inputName]: new ort.Tensor('float32', input, shape) };
  const result = await session.run(feeds);
  parentPort.postMessage({ out: result[outputName].data });
});
parentPort.postMessage({ ready: true });
