// Benchmarks Tessera's fused scaledDotProductAttention (forward, and forward + backward)
// against the same attention composed from Tessera ops (matmul, softmax, matmul) and against
// TensorFlow.js (cpu and wasm backends) composing the same, in one process and interleaved
// rounds (lib/timing.mjs), with the peak tensor storage of each Tessera run. Then one long
// run on wasm, forward + backward at L = S = 16384, E = 64, one head, where a stored score
// matrix alone would take 1 GiB: its time and peak bytes show the kernel's O(L) memory.
// Writes results/attention-latest.{md,json}.
// Run with `pnpm --filter @tessera/bench bench:attention` after building the workspace;
// `--quick` runs the small shapes only, `--long N` sets the long run's length (0 skips it).
import { createRequire } from 'node:module';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as core from '@tessera/core';
import { enableAutograd, grad } from '@tessera/autograd';
import { peakBytesOf, tesseraAttention, tfjsAttention } from './lib/attention-peers.mjs';
import { values } from './lib/cases.mjs';
import { describeMachine } from './lib/machine.mjs';
import { measureCase } from './lib/timing.mjs';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const longArg = args.indexOf('--long');
const longLength = longArg >= 0 ? Number(args[longArg + 1]) : 16384;
const machine = describeMachine();
const threads = machine.cores;
const require = createRequire(import.meta.url);
const { version: tesseraVersion } = require('@tessera/core/package.json');
const { version: tfjsVersion } = require('@tensorflow/tfjs-core/package.json');
const MiB = 2 ** 20;

enableAutograd();

const lengths = quick ? [128, 512] : [256, 1024, 2048];
const cases = [];
for (const backward of [false, true]) {
  for (const n of lengths) {
    cases.push({ name: `${backward ? 'fwd+bwd' : 'forward'} L=S=${n}, E=64`, batch: 1, queries: n, keys: n, depth: 64, backward });
  }
}

const peers = [
  tesseraAttention(`tessera wasm fused, ${threads}T`, 'wasm', threads, true),
  tesseraAttention(`tessera wasm composed, ${threads}T`, 'wasm', threads, false),
  tesseraAttention('tessera wasm fused, 1T', 'wasm', 1, true),
  tfjsAttention('tfjs cpu', 'cpu'),
  tfjsAttention('tfjs wasm', 'wasm'),
];
const fused = peers[0].label;
const composed = peers[1].label;

const results = [];
for (const c of cases) {
  await measureCase(c, peers, (peer, { medianMs, samples }) => {
    results.push({ case: c.name, peer: peer.label, medianMs, samples });
    console.log(`${c.name.padEnd(26)} ${peer.label.padEnd(30)} ${medianMs.toFixed(2).padStart(10)} ms`);
  }, quick ? { budgetMs: 1500, maxRounds: 3 } : { budgetMs: 6000 });
  for (const peer of peers.slice(0, 2)) {
    const peakBytes = await peakBytesOf(peer, c);
    results.push({ case: c.name, peer: `${peer.label} peak`, peakBytes });
  }
}

/** One forward + backward at length `n` (one head, E = 64) on wasm: time and peak storage. */
async function longRun(n) {
  await core.setBackend('wasm');
  await core.setThreads(threads);
  const inputs = core.tidy(() => [1, 2, 3].map((seed) => core.tensor(values(n * 64, seed)).reshape([1, n, 64])));
  const gradients = grad((q, k, v) => core.sum(core.scaledDotProductAttention(q, k, v)), [0, 1, 2]);
  core.resetPeakBytes();
  const before = core.memory().numBytes;
  const t0 = performance.now();
  const out = gradients(...inputs);
  const ms = performance.now() - t0;
  const peakBytes = core.memory().peakBytes - before;
  [...out, ...inputs].forEach((t) => t.dispose());
  return { length: n, depth: 64, ms, peakBytes, inputBytes: before, scoreMatrixBytes: n * n * 4 };
}

const long = longLength > 0 ? await longRun(longLength) : null;
if (long) console.log(`long run L=S=${long.length}: ${(long.ms / 1000).toFixed(1)} s, peak ${(long.peakBytes / MiB).toFixed(2)} MiB`);

const fmtMs = (ms) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));
const find = (c, label) => results.find((r) => r.case === c.name && r.peer === label);
const ratio = (c, over, under) => {
  const a = find(c, over);
  const b = find(c, under);
  return a && b ? `${(b.medianMs / a.medianMs).toFixed(2)}×` : '—';
};
const date = new Date().toISOString();
const labels = peers.map((p) => p.label);
const lines = [
  `# Tessera attention benchmark, ${date.slice(0, 16).replace('T', ' ')}`,
  '',
  `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.os}; Node ${machine.node}; load average at start ${machine.loadAverage.join(' / ')}.`,
  '',
  `- @tessera/core ${tesseraVersion} (wasm backend, ${threads} threads where marked ${threads}T), TensorFlow.js ${tfjsVersion}.`,
  '- One head, E = Ev = 64, no mask; fwd+bwd computes the gradients of q, k and v of Σ output. Medians in ms over interleaved rounds.',
  '- Peak: the most Tessera tensor storage alive at once during one run, above its inputs (`memory().peakBytes`).',
  '',
  `| case | ${labels.join(' | ')} | fused ÷ composed | fused ÷ tfjs wasm | fused ÷ tfjs cpu | peak fused | peak composed |`,
  `| --- | ${labels.map(() => '---:').join(' | ')} | ---: | ---: | ---: | ---: | ---: |`,
];
for (const c of cases) {
  const cells = labels.map((label) => {
    const r = find(c, label);
    return r ? fmtMs(r.medianMs) : '—';
  });
  const peak = (label) => `${(find(c, `${label} peak`).peakBytes / MiB).toFixed(2)} MiB`;
  lines.push(`| ${c.name} | ${cells.join(' | ')} | ${ratio(c, fused, composed)} | ${ratio(c, fused, 'tfjs wasm')} | ${ratio(c, fused, 'tfjs cpu')} | ${peak(fused)} | ${peak(composed)} |`);
}
if (long) {
  lines.push(
    '',
    `Long run, fused forward + backward on wasm (${threads} threads), L = S = ${long.length}, E = 64, one head: ` +
      `${(long.ms / 1000).toFixed(1)} s, peak tensor storage ${(long.peakBytes / MiB).toFixed(2)} MiB above the ${(long.inputBytes / MiB).toFixed(2)} MiB alive before (the inputs) ` +
      `(one stored score matrix would be ${(long.scoreMatrixBytes / MiB).toFixed(0)} MiB).`,
  );
}
const md = `${lines.join('\n')}\n`;
const dir = join(fileURLToPath(new URL('.', import.meta.url)), 'results');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'attention-latest.md'), md);
writeFileSync(join(dir, 'attention-latest.json'), `${JSON.stringify({ date, machine, cases, results, long }, null, 2)}\n`);
console.log(`\n${md}`);
process.exit(0);
