// Training throughput of the MNIST CNN of apps/demo (conv 1→16, pool, conv 16→32, pool,
// linear → 10; Adam; batch 64) on Tessera's js, wasm and webgpu backends beside the same
// network in TensorFlow.js's tfjs-layers on its cpu and wasm backends, in one process and
// interleaved rounds (lib/timing.mjs). Writes results/train-latest.{md,json}.
// Run with `pnpm --filter @tessera/bench bench:train` after building the workspace;
// `--quick` spends less time, `--no-webgpu` leaves Tessera's webgpu backend out.
import { createRequire } from 'node:module';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { version_layers as tfjsLayersVersion } from '@tensorflow/tfjs-layers';
import { batches } from '@tessera/demo/lib/mnist-batches.mjs';
import { loadMnist } from '@tessera/demo/lib/mnist-data.mjs';
import { describeMachine } from './lib/machine.mjs';
import { measureCase } from './lib/timing.mjs';
import { tesseraTrainer, tfjsTrainer } from './lib/train-peers.mjs';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const machine = describeMachine();
const BATCH = 64;
const require = createRequire(import.meta.url);
const { version: tesseraVersion } = require('@tessera/core/package.json');

// One fixed batch of real digits, the first of the demo's training set in order.
const { train } = loadMnist({ train: BATCH, test: 0 });
const batch = batches(train, { batchSize: BATCH }).next().value;

const peers = [
  tesseraTrainer('tessera js', 'js', 1),
  tesseraTrainer('tessera wasm 1 thread', 'wasm', 1),
  tesseraTrainer(`tessera wasm ${machine.cores} threads`, 'wasm', machine.cores),
  ...(args.includes('--no-webgpu') ? [] : [tesseraTrainer('tessera webgpu', 'webgpu', 1)]),
  tfjsTrainer('tfjs cpu', 'cpu'),
  tfjsTrainer('tfjs wasm', 'wasm'),
];
const c = { name: `mnist cnn train step, batch ${BATCH}`, batch };
const results = [];
// Slow peers (js, webgpu on a software adapter) get one step per round; fast ones many.
await measureCase(c, peers, (peer, { medianMs, samples }) => {
  const examplesPerSecond = (BATCH * 1000) / medianMs;
  results.push({ peer: peer.label, medianMs, examplesPerSecond, steps: samples.length, samples });
  console.log(`${peer.label.padEnd(24)} ${medianMs.toFixed(1).padStart(9)} ms/step ${examplesPerSecond.toFixed(0).padStart(7)} examples/s (${samples.length} steps)`);
}, quick ? { budgetMs: 5000, minRounds: 3, maxRounds: 4, sliceMs: 300 } : { budgetMs: 30000, minRounds: 3, maxRounds: 12, sliceMs: 500 });

await tf.setBackend('wasm');
const environment = [
  `Tessera ${tesseraVersion} (@tessera/layers Sequential of Conv2d, ReLU, MaxPool2d, Flatten, Linear; crossEntropy; Adam), the model and step of apps/demo's MNIST example.`,
  `TensorFlow.js ${tf.version_core} with tfjs-layers ${tfjsLayersVersion}: the same layers (NHWC), softmax + categoricalCrossentropy, Adam, model.trainOnBatch; wasm backend multithreading ${await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')}.`,
  ...(args.includes('--no-webgpu') ? [] : ["Tessera webgpu runs in Node through Dawn (npm webgpu); where the machine has no GPU that is SwiftShader, which runs the shaders on the CPU, so the row then compares dispatch and kernel design, not a GPU."]),
  `A step: upload one batch of ${BATCH} digits, forward, loss, backward, Adam update, read the loss back. One warm-up step each, then interleaved rounds; medians over the timed steps.`,
];
const date = new Date().toISOString();
const skipped = peers.filter((p) => p.skipped).map((p) => ({ peer: p.label, reason: p.skipped }));
// Speeds relative to TensorFlow.js: its wasm backend when it ran, else its cpu backend.
const reference = results.find((r) => r.peer === 'tfjs wasm') ?? results.find((r) => r.peer === 'tfjs cpu');
const ratio = (r) => (reference ? `${(reference.medianMs / r.medianMs).toFixed(2)}×` : '—');
const lines = [
  `# Tessera training benchmark, ${date.slice(0, 16).replace('T', ' ')}`,
  '',
  `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.os}; Node ${machine.node} (V8 ${machine.v8}); load average at start ${machine.loadAverage.join(' / ')}.`,
  '',
  ...environment.map((line) => `- ${line}`),
  '',
  `| peer | ms per step (median) | examples / s | speed ÷ ${reference?.peer ?? 'tfjs'} | timed steps |`,
  '| --- | ---: | ---: | ---: | ---: |',
  ...results.map((r) => `| ${r.peer} | ${r.medianMs.toFixed(1)} | ${r.examplesPerSecond.toFixed(0)} | ${ratio(r)} | ${r.steps} |`),
  ...skipped.map((s) => `| ${s.peer} | — | — | — | 0 |`),
];
if (skipped.length) lines.push('', ...skipped.map((s) => `- ${s.peer} not run: ${s.reason}`));
const md = `${lines.join('\n')}\n`;
const dir = join(fileURLToPath(new URL('.', import.meta.url)), 'results');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'train-latest.md'), md);
writeFileSync(join(dir, 'train-latest.json'), `${JSON.stringify({ date, machine, environment, batchSize: BATCH, results, skipped }, null, 2)}\n`);
console.log(`\n${md}`);
process.exit(0);
