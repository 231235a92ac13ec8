// Benchmarks Tessera's webgpu backend against TensorFlow.js's webgpu backend in one Node
// process through Dawn, on the cases of bench.mjs, and writes results/webgpu-latest.{md,json}.
// Without a GPU both run on SwiftShader (the CPU), so the numbers compare the two
// libraries' dispatch and kernel design, not GPU speed. `--quick` runs fewer repetitions.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchmarkCases } from './lib/cases.mjs';
import { describeMachine } from './lib/machine.mjs';
import { gflops } from './lib/report.mjs';
import { measureCase } from './lib/timing.mjs';
import { webgpuPeers } from './lib/webgpu.mjs';

const quick = process.argv.includes('--quick');
const machine = describeMachine();
const cases = benchmarkCases({ quick });
const { peers, environment } = await webgpuPeers();
const results = [];
for (const c of cases) {
  await measureCase(c, peers, (peer, { medianMs, samples }) => {
    results.push({ case: c.name, peer: peer.label, flops: c.flops, medianMs, gflops: gflops(c.flops, medianMs), samples });
    console.log(`${c.name.padEnd(28)} ${peer.label.padEnd(16)} ${medianMs.toFixed(2).padStart(9)} ms`);
  }, quick ? { budgetMs: 2000, maxRounds: 3 } : { budgetMs: 6000, maxRounds: 7 });
}

const fmt = (ms) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));
const date = new Date().toISOString();
const lines = [
  `# Tessera webgpu benchmark, ${date.slice(0, 16).replace('T', ' ')}`,
  '',
  `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.os}; Node ${machine.node}; load average at start ${machine.loadAverage.join(' / ')}.`,
  '',
  `- ${environment}`,
  '- No GPU on this machine: SwiftShader runs the shaders on the CPU, so absolute numbers say little about GPUs; the ratio compares the libraries on one adapter.',
  '',
  'Each cell: median milliseconds (GFLOPS in parentheses); — means not run (matmuls above 1024 are skipped on SwiftShader).',
  '',
  '| case | tessera webgpu | tfjs webgpu | tessera ÷ tfjs (speed) |',
  '| --- | ---: | ---: | ---: |',
];
for (const c of cases) {
  const [ours, theirs] = ['tessera webgpu', 'tfjs webgpu'].map((p) => results.find((r) => r.case === c.name && r.peer === p));
  const cell = (r) => (r ? `${fmt(r.medianMs)} (${r.gflops.toFixed(2)})` : '—');
  lines.push(`| ${c.name} | ${cell(ours)} | ${cell(theirs)} | ${ours && theirs ? `${(theirs.medianMs / ours.medianMs).toFixed(2)}×` : '—'} |`);
}
const md = `${lines.join('\n')}\n`;
const dir = join(fileURLToPath(new URL('.', import.meta.url)), 'results');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'webgpu-latest.md'), md);
writeFileSync(join(dir, 'webgpu-latest.json'), `${JSON.stringify({ date, machine, environment, cases, results }, null, 2)}\n`);
console.log(`\n${md}`);
process.exit(0);
