// A p4 group convolution's forward + backward (gradients of input and weight) on Tessera's
// wasm backend, beside the plain conv2d with the same output channel count (the target is
// at most 1.2× its time: the filter-bank gather is the only extra work) and beside the same
// layer composed in TensorFlow.js (gather + conv2d, cpu and wasm), in interleaved rounds.
// Writes results/gcnn-latest.{md,json}. Run `pnpm --filter @tessera/bench bench:gcnn` after
// building the workspace; `--quick` runs a small case briefly, `--threads N` the threaded column.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as core from '@tessera/core';
import { GroupConv2d } from '@tessera/gcnn';
import * as tf from '@tensorflow/tfjs-core';
import { values } from './lib/cases.mjs';
import { gcnnPeers } from './lib/gcnn-peers.mjs';
import { describeMachine } from './lib/machine.mjs';
import { measureCase } from './lib/timing.mjs';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const machine = describeMachine();
const threadsArg = args.indexOf('--threads');
const threads = threadsArg >= 0 ? Number(args[threadsArg + 1]) : machine.cores;
const shape = quick ? { n: 2, channels: 8, size: 12, k: 3 } : { n: 4, channels: 16, size: 16, k: 3 };
const planes = shape.channels * 4;
const c = {
  ...shape,
  name: `p4 ${shape.channels}→${shape.channels} (${planes}→${planes} planes) ${shape.k}x${shape.k} @${shape.size}x${shape.size}, batch ${shape.n}, fwd+bwd`,
};

/** Checks once that the TensorFlow.js composition computes what GroupConv2d computes (forward). */
async function checkSameLayer() {
  await core.setBackend('wasm');
  await tf.setBackend('cpu');
  const { channels, k } = { channels: 3, k: 3 };
  const layer = new GroupConv2d(channels, channels, k, { group: 'p4', padding: 1, bias: false });
  const x = values(2 * channels * 4 * 25, 5);
  const ours = await core.tidy(() => layer.call(core.tensor(x).reshape([2, channels, 4, 5, 5])).reshape([2, channels * 4, 5, 5]).permute([0, 2, 3, 1])).data();
  const peer = await gcnnPeers(1)[4].prepare({ n: 2, channels, size: 5, k });
  const input = tf.transpose(tf.tensor(x, [2, channels * 4, 5, 5]), [0, 2, 3, 1]);
  const weight = tf.tensor(await layer.weight.data(), [channels, channels * 4 * k * k]);
  const theirs = await peer.forward(input, weight).data();
  peer.dispose();
  const worst = ours.reduce((m, v, i) => Math.max(m, Math.abs(v - theirs[i])), 0);
  if (!(worst < 1e-4)) throw new Error(`bench gcnn: the TensorFlow.js composition differs from GroupConv2d by ${worst}`);
  layer.dispose();
}
await checkSameLayer();

const results = [];
const peers = gcnnPeers(threads);
await measureCase(c, peers, (peer, { medianMs, samples }) => {
  results.push({ peer: peer.label, medianMs, samples: samples.length });
  console.log(`${peer.label.padEnd(40)} ${medianMs.toFixed(2).padStart(9)} ms (${samples.length} runs)`);
}, quick ? { budgetMs: 1500, maxRounds: 3 } : { budgetMs: 20000 });

const ms = (label) => results.find((r) => r.peer === label)?.medianMs;
const ratio = (a, b) => (ms(a) && ms(b) ? `${(ms(a) / ms(b)).toFixed(2)}×` : '—');
const [group1, plain1, groupN, plainN] = peers.map((p) => p.label);
const date = new Date().toISOString();
const md = [
  `# p4 group convolution, ${date.slice(0, 16).replace('T', ' ')}`,
  '',
  `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB; Node ${machine.node}; load average at start ${machine.loadAverage.join(' / ')}.`,
  '',
  `Case: ${c.name}. Each run: forward, then backward into the input and weight gradients. Median milliseconds; peers in interleaved rounds.`,
  '',
  '| peer | median ms | runs |',
  '| --- | ---: | ---: |',
  ...results.map((r) => `| ${r.peer} | ${r.medianMs.toFixed(2)} | ${r.samples} |`),
  '',
  `- GroupConv2d ÷ conv2d with the same ${planes} output channels (target ≤ 1.2×): ${ratio(group1, plain1)} on 1 thread, ${ratio(groupN, plainN)} on ${threads} threads.`,
  `- TensorFlow.js cpu ÷ Tessera GroupConv2d (1 thread): ${ratio('tfjs cpu p4 layer', group1)}; TensorFlow.js wasm ÷ Tessera: ${ratio('tfjs wasm p4 layer', group1)}.`,
  ...peers.filter((p) => p.skipped).map((p) => `- ${p.label} not run: ${p.skipped}`),
  '',
].join('\n');
const dir = join(fileURLToPath(new URL('.', import.meta.url)), 'results');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'gcnn-latest.md'), md);
writeFileSync(join(dir, 'gcnn-latest.json'), `${JSON.stringify({ date, machine, case: c, threads, results }, null, 2)}\n`);
console.log(`\n${md}`);
process.exit(0);
