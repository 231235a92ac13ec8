// Benchmarks a 6-layer, 256-wide, 4-head pre-norm GELU Transformer encoder (feed-forward 1024,
// causal, batch-first) exported from PyTorch (encoder_onnx.py):
// 1. inference at sequence length 512, batch 1: Tessera's TransformerEncoder (wasm, fused
//    causal attention, inside noGrad) loaded from the safetensors weights against
//    onnxruntime-web's wasm backend running the ONNX export, at 1 and 2 threads, interleaved
//    rounds in one process (ORT in worker threads: it fixes its thread count when it starts),
//    with every output checked against PyTorch's (1e-4 abs + 1e-3 rel), and a profile of
//    where Tessera's forward spends its time;
// 2. training tokens/s (forward, MSE, backward, Adam) of the same encoder in Tessera and
//    composed in TensorFlow.js from matmul/softmax on its cpu and wasm backends.
// Writes results/encoder-latest.{md,json}.
// Run with `pnpm --filter @tessera/bench bench:encoder` after building the workspace. The
// model files (about 30 MB, git-ignored) are generated into models/encoder/ by
// `/usr/bin/python3 encoder_onnx.py` (torch 1.13) on first run. `--quick` does few rounds
// and a short training sequence (a smoke run); `--rounds N`, `--train-length L`,
// `--train-rounds N` and `--no-tfjs-cpu` override.
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as core from '@tessera/core';
import { noGrad } from '@tessera/autograd';
import { values } from './lib/cases.mjs';
import { ENCODER, readSafetensors, tesseraEncoder, tesseraTrainer, tfjsEncoder, tfjsTrainer } from './lib/encoder-models.mjs';
import { profileForward } from './lib/encoder-profile.mjs';
import { describeMachine } from './lib/machine.mjs';
import { ortPeer, ortVersion } from './lib/ort-peer.mjs';
import { measureCase } from './lib/timing.mjs';
import * as tf from '@tensorflow/tfjs-core';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
/** The value after `--name`, or undefined. */
const flag = (name) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : undefined);
const rounds = Number(flag('rounds') ?? (quick ? 2 : 7));
const trainLength = Number(flag('train-length') ?? (quick ? 64 : 256));
const trainRounds = Number(flag('train-rounds') ?? (quick ? 2 : 3));
const withTfjsCpu = !args.includes('--no-tfjs-cpu');
const machine = describeMachine();
const require = createRequire(import.meta.url);
const { version: tesseraVersion } = require('@tessera/core/package.json');
const { version: tfjsVersion } = require('@tensorflow/tfjs-core/package.json');
const here = fileURLToPath(new URL('.', import.meta.url));
const modelDir = join(here, 'models', 'encoder');
const files = { onnx: join(modelDir, 'encoder.onnx'), weights: join(modelDir, 'encoder.safetensors'), reference: join(modelDir, 'reference.safetensors') };

if (!Object.values(files).every(existsSync)) {
  console.log('generating models/encoder/ with /usr/bin/python3 encoder_onnx.py ...');
  const r = spawnSync('/usr/bin/python3', [join(here, 'encoder_onnx.py')], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('bench:encoder: models/encoder/ is missing and `/usr/bin/python3 encoder_onnx.py` (needs torch) failed');
}

const reference = readSafetensors(files.reference);
const [, L, E] = reference.src.shape;

/** Largest |a − b| and whether every element is within 1e-4 + 1e-3·|b| (b PyTorch's). */
function compare(actual, expected) {
  let maxAbs = 0;
  let ok = actual.length === expected.length;
  for (let i = 0; i < expected.length && ok; i++) {
    const d = Math.abs(actual[i] - expected[i]);
    maxAbs = Math.max(maxAbs, d);
    if (!(d <= 1e-4 + 1e-3 * Math.abs(expected[i]))) ok = false;
  }
  return { maxAbs, ok };
}

// --- 1. Inference at length 512 ---------------------------------------------------------------
await core.setBackend('wasm');
const encoder = tesseraEncoder(files.weights);
encoder.eval();
const src = core.tensor(reference.src.data).reshape([1, L, E]);
const outputs = {};

/** Tessera's encoder forward (noGrad, fused causal attention) on wasm at `threads` threads, read back. */
function tesseraPeer(label, threads) {
  return {
    label,
    async prepare() {
      const activate = () => core.setThreads(threads);
      await activate();
      return {
        activate,
        run: async () => {
          const out = noGrad(() => encoder.call(src, { isCausal: true }));
          outputs[label] = await out.data();
          out.dispose();
        },
        dispose: () => {},
      };
    },
  };
}

const ortPeers = [ortPeer('onnxruntime-web wasm, 1T', files.onnx, 1), ortPeer('onnxruntime-web wasm, 2T', files.onnx, 2)];
const inferencePeers = [tesseraPeer('tessera wasm, 1T', 1), ortPeers[0], tesseraPeer('tessera wasm, 2T', 2), ortPeers[1]];
const inference = [];
await measureCase({ input: reference.src.data, shape: [1, L, E] }, inferencePeers, (peer, { medianMs, samples }) => {
  const out = peer.output?.() ?? outputs[peer.label];
  const check = compare(out, reference.out.data);
  inference.push({ peer: peer.label, medianMs, samples, maxAbsDiff: check.maxAbs, withinTolerance: check.ok });
  console.log(`forward L=${L}  ${peer.label.padEnd(28)} ${medianMs.toFixed(1).padStart(8)} ms  max |Δ| vs PyTorch ${check.maxAbs.toExponential(2)} ${check.ok ? 'ok' : 'OUT OF TOLERANCE'}`);
}, { sliceMs: 0, minRounds: rounds, maxRounds: rounds });

const profile = {};
for (const threads of [1, 2]) {
  await core.setThreads(threads);
  profile[threads] = await profileForward(L, inference.find((r) => r.peer === `tessera wasm, ${threads}T`).medianMs);
}
src.dispose();
encoder.dispose();

// --- 2. Training tokens/s -----------------------------------------------------------------------
// With the causal mask the first `trainLength` outputs depend only on the first `trainLength`
// inputs, so PyTorch's output rows check the TensorFlow.js composition at the training length.
const trainInput = reference.src.data.subarray(0, trainLength * E);
const weights = readSafetensors(files.weights);
const tfjsCheck = {};
for (const backend of ['cpu', 'wasm']) {
  await tf.setBackend(backend);
  const model = tfjsEncoder(weights);
  const out = tf.tidy(() => model.forward(tf.tensor(trainInput, [trainLength, E])));
  tfjsCheck[backend] = compare(await out.data(), reference.out.data.subarray(0, trainLength * E));
  out.dispose();
  model.dispose();
  console.log(`tfjs ${backend} composed forward at L=${trainLength}: max |Δ| vs PyTorch ${tfjsCheck[backend].maxAbs.toExponential(2)} ${tfjsCheck[backend].ok ? 'ok' : 'OUT OF TOLERANCE'}`);
}

const trainingPeers = [
  tesseraTrainer('tessera wasm, 1T', files.weights, 1),
  tesseraTrainer('tessera wasm, 2T', files.weights, 2),
  tfjsTrainer('tfjs wasm', weights, 'wasm'),
  ...(withTfjsCpu ? [tfjsTrainer('tfjs cpu', weights, 'cpu')] : []),
];
const training = [];
await measureCase({ input: trainInput, target: values(trainLength * E, 9), length: trainLength }, trainingPeers, (peer, { medianMs, samples }) => {
  const tokensPerSecond = trainLength / (medianMs / 1000);
  training.push({ peer: peer.label, medianMs, tokensPerSecond, samples });
  console.log(`train step L=${trainLength}  ${peer.label.padEnd(20)} ${medianMs.toFixed(0).padStart(8)} ms  ${tokensPerSecond.toFixed(0)} tokens/s`);
}, { sliceMs: 0, minRounds: trainRounds, maxRounds: trainRounds });

// --- Report -------------------------------------------------------------------------------------
const fmtMs = (ms) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));
const ms = (label) => inference.find((r) => r.peer === label).medianMs;
const date = new Date().toISOString();
const lines = [
  `# Tessera Transformer encoder benchmark, ${date.slice(0, 16).replace('T', ' ')}${quick ? ' (quick smoke run)' : ''}`,
  '',
  `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.os}; Node ${machine.node}; load average at start ${machine.loadAverage.join(' / ')}.`,
  '',
  `- Model: PyTorch 1.13 nn.TransformerEncoder, ${ENCODER.numLayers} layers, d_model ${ENCODER.dModel}, ${ENCODER.nhead} heads, feed-forward ${ENCODER.dimFeedforward}, pre-norm, GELU, final LayerNorm, causal, batch-first (encoder_onnx.py).`,
  `- @tessera/core ${tesseraVersion} (wasm, TransformerEncoder with isCausal on the fused attention, in noGrad); onnxruntime-web ${ortVersion} (wasm backend, ONNX opset 14 export, one worker thread per thread count); TensorFlow.js ${tfjsVersion}.`,
  `- Interleaved rounds in one process; medians. Every output is checked against PyTorch's (1e-4 abs + 1e-3 rel).`,
  '',
  `## Inference, batch 1, sequence ${L} (${rounds} rounds)`,
  '',
  '| peer | median ms | max abs diff vs PyTorch | within tolerance |',
  '| --- | ---: | ---: | :---: |',
  ...inference.map((r) => `| ${r.peer} | ${fmtMs(r.medianMs)} | ${r.maxAbsDiff.toExponential(2)} | ${r.withinTolerance ? 'yes' : 'NO'} |`),
  '',
  ...[1, 2].map((t) => `- ${t} thread${t > 1 ? 's' : ''}: Tessera takes ${(ms(`tessera wasm, ${t}T`) / ms(`onnxruntime-web wasm, ${t}T`)).toFixed(2)}× ONNX Runtime Web's time (below 1 = faster).`),
  '',
  '## Where Tessera\'s forward spends its time',
  '',
  'Each op kind timed alone at the forward\'s shapes (median of 5), times its count in one forward; the last row is the measured forward less their sum. These timings come after the interleaved rounds, not interleaved with a peer, so on a loaded machine they are rough (the last row can come out negative).',
  '',
  '| op | per forward | 1T ms each | 1T total ms | 1T share | 2T ms each | 2T total ms | 2T share |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...profile[1].map((r, i) => {
    const r2 = profile[2][i];
    return `| ${r.name} | ${r.count} | ${fmtMs(r.ms)} | ${fmtMs(r.totalMs)} | ${(100 * r.share).toFixed(0)}% | ${fmtMs(r2.ms)} | ${fmtMs(r2.totalMs)} | ${(100 * r2.share).toFixed(0)}% |`;
  }),
  '',
  `## Training, batch 1, sequence ${trainLength}: forward, MSE, backward, Adam (${trainRounds} rounds)`,
  '',
  `TensorFlow.js composes the encoder from matMul, softmax, moments and erf with an additive causal mask; its forward matches PyTorch's: cpu max |Δ| ${tfjsCheck.cpu.maxAbs.toExponential(2)} (${tfjsCheck.cpu.ok ? 'within' : 'NOT within'} tolerance), wasm ${tfjsCheck.wasm.maxAbs.toExponential(2)} (${tfjsCheck.wasm.ok ? 'within' : 'NOT within'}).`,
  '',
  '| peer | median ms per step | tokens/s | Tessera 2T speed-up |',
  '| --- | ---: | ---: | ---: |',
  ...training.map((r) => `| ${r.peer} | ${fmtMs(r.medianMs)} | ${r.tokensPerSecond.toFixed(0)} | ${(r.medianMs / training.find((x) => x.peer === 'tessera wasm, 2T').medianMs).toFixed(2)}× |`),
];
const md = `${lines.join('\n')}\n`;
const dir = join(here, 'results');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'encoder-latest.md'), md);
writeFileSync(join(dir, 'encoder-latest.json'), `${JSON.stringify({ date, machine, model: ENCODER, length: L, rounds, inference, profile, trainLength, trainRounds, tfjsCheck, training }, null, 2)}\n`);
console.log(`\n${md}`);
process.exit(0);
