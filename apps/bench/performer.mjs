// Performer (FAVOR+) against exact softmax attention as the sequence grows: @tessera/attention's
// favorAttention and exact attention (scaledDotProductAttention) on Tessera's wasm backend,
// beside TensorFlow.js (wasm) composing the same two computations, in one process and
// interleaved rounds (lib/timing.mjs). One head, d = 64, m = 256 orthogonal features, forward
// only; non-causal, plus Tessera's causal (blocked) form. FAVOR+ should grow linearly in L
// (about 2× per doubling); exact attention quadratically, so it runs only up to --exact-max
// (default 4096: a 64 MiB score matrix). Writes results/performer-latest.{md,json}. Run with
// `pnpm --filter @tessera/bench bench:performer` after building the workspace; `--quick`
// measures L = 1k..4k briefly, `--max L` sets the longest sequence (default 16384).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as core from '@tessera/core';
import { drawRandomFeatures, favorAttention, scaledDotProductAttention } from '@tessera/attention';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { values } from './lib/cases.mjs';
import { describeMachine } from './lib/machine.mjs';
import { measureCase } from './lib/timing.mjs';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const option = (name, fallback) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const maxL = option('--max', quick ? 4096 : 16384);
const exactMax = option('--exact-max', 4096);
const D = 64;
const M = 256;
const machine = describeMachine();
const lengths = [];
for (let L = 1024; L <= maxL; L *= 2) lengths.push(L);

await core.setBackend('wasm');
await tf.setBackend('wasm');
await tf.ready();
core.manualSeed(0);
const featureValues = await drawRandomFeatures(M, D).data();

/** Inputs scaled to N(0, 1/4)-like spread, where FAVOR+ is accurate (see test/favor-convergence). */
const inputs = (L) => [1, 2, 3].map((seed) => values(L * D, seed).map((x) => x * 0.5));

function tesseraPeer(label, attend) {
  return {
    label,
    async prepare(c) {
      if (!attend.accepts(c.L)) return null;
      const activate = async () => {
        await core.setBackend('wasm');
        await core.setThreads(1);
      };
      await activate();
      const [q, k, v] = inputs(c.L).map((data) => core.tensor(data).reshape([1, c.L, D]));
      const w = core.tensor(featureValues).reshape([M, D]);
      return {
        activate,
        run: async () => core.tidy(() => void attend.run(q, k, v, w)),
        dispose: () => [q, k, v, w].forEach((t) => t.dispose()),
      };
    },
  };
}

// FAVOR+ in TensorFlow.js, the same formula as favorAttention (stabilised the same way).
function tfFavor(q, k, v, w) {
  const features = (x, over) => {
    const scaled = tf.mul(x, D ** -0.25);
    const exponent = tf.sub(tf.matMul(scaled, w, false, true), tf.div(tf.sum(tf.square(scaled), -1, true), 2));
    return tf.div(tf.exp(tf.sub(exponent, tf.max(exponent, over, true))), Math.sqrt(M));
  };
  const qp = features(q, -1);
  const kp = features(k, [0, 1]);
  const numerator = tf.matMul(qp, tf.matMul(kp, v, true, false));
  return tf.div(numerator, tf.matMul(qp, tf.reshape(tf.sum(kp, 0), [M, 1])));
}

const tfExact = (q, k, v) => tf.matMul(tf.softmax(tf.div(tf.matMul(q, k, false, true), Math.sqrt(D))), v);

function tfjsPeer(label, attend, accepts) {
  return {
    label,
    async prepare(c) {
      if (!accepts(c.L)) return null;
      await tf.setBackend('wasm');
      const [q, k, v] = inputs(c.L).map((data) => tf.tensor(data, [c.L, D]));
      const w = tf.tensor(featureValues, [M, D]);
      return {
        activate: () => tf.setBackend('wasm'),
        run: async () => tf.tidy(() => void attend(q, k, v, w)),
        dispose: () => [q, k, v, w].forEach((t) => t.dispose()),
      };
    },
  };
}

const always = () => true;
const fitsExact = (L) => L <= exactMax;
const FAVOR = 'tessera favorAttention';
const peers = [
  tesseraPeer(FAVOR, { accepts: always, run: (q, k, v, w) => favorAttention(q, k, v, { features: w }) }),
  tesseraPeer('tessera favorAttention causal', { accepts: always, run: (q, k, v, w) => favorAttention(q, k, v, { features: w, causal: true }) }),
  tesseraPeer('tessera exact attention', { accepts: fitsExact, run: (q, k, v) => scaledDotProductAttention(q, k, v) }),
  tfjsPeer('tfjs wasm FAVOR+', tfFavor, always),
  tfjsPeer('tfjs wasm exact attention', tfExact, fitsExact),
];

const results = [];
for (const L of lengths) {
  const c = { name: `L = ${L}`, L };
  await measureCase(c, peers, (peer, { medianMs, samples }) => {
    results.push({ L, peer: peer.label, medianMs, runs: samples.length });
    console.log(`${c.name.padEnd(10)} ${peer.label.padEnd(28)} ${medianMs.toFixed(2).padStart(10)} ms (${samples.length} runs)`);
  }, quick ? { budgetMs: 1500, minRounds: 2, maxRounds: 3, sliceMs: 100 } : { budgetMs: 8000, minRounds: 3, maxRounds: 10, sliceMs: 300 });
}

const at = (L, peer) => results.find((r) => r.L === L && r.peer === peer)?.medianMs;
const cell = (ms) => (ms === undefined ? '—' : ms >= 100 ? ms.toFixed(0) : ms.toFixed(2));
const ratio = (a, b) => (a === undefined || b === undefined ? '—' : `${(a / b).toFixed(2)}×`);
const labels = peers.map((p) => p.label);
const lines = [
  `# Performer (FAVOR+) against exact attention, ${new Date().toISOString().slice(0, 16).replace('T', ' ')}`,
  '',
  `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.os}; Node ${machine.node}; load average at start ${machine.loadAverage.join(' / ')}.`,
  '',
  `One head, d = ${D}, m = ${M} orthogonal features, forward only (non-causal unless named causal); Tessera and TensorFlow.js ${tf.version_core} on their wasm backends (one thread). Each cell: median milliseconds. "FAVOR+ growth" is Tessera's time at L over its time at L/2 (2× is linear, 4× quadratic).`,
  '',
  `| L | ${labels.join(' | ')} | FAVOR+ growth | exact ÷ FAVOR+ (Tessera) | tfjs FAVOR+ ÷ Tessera FAVOR+ |`,
  `| ---: | ${labels.map(() => '---:').join(' | ')} | ---: | ---: | ---: |`,
  ...lengths.map((L) =>
    `| ${L} | ${labels.map((p) => cell(at(L, p))).join(' | ')} | ${ratio(at(L, FAVOR), at(L / 2, FAVOR))} | ` +
      `${ratio(at(L, 'tessera exact attention'), at(L, FAVOR))} | ${ratio(at(L, 'tfjs wasm FAVOR+'), at(L, FAVOR))} |`),
];
const md = `${lines.join('\n')}\n`;
const dir = join(fileURLToPath(new URL('.', import.meta.url)), 'results');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'performer-latest.md'), md);
writeFileSync(join(dir, 'performer-latest.json'), `${JSON.stringify({ machine, d: D, m: M, results }, null, 2)}\n`);
console.log(`\n${md}`);
process.exit(0);
