// Benchmarks Tessera's js and wasm backends against TensorFlow.js (cpu and wasm) and jax-js
// (wasm) in one process: matmul 128-2048, two convolutions, an elementwise chain and a
// softmax. Writes a Markdown table and JSON to results/ (a dated pair and latest.*).
// Run with `pnpm --filter @tessera/bench bench` after building @tessera/core;
// `--quick` runs fewer sizes and repetitions, `--threads N` sets the threaded column,
// `--only TEXT` keeps the cases whose name contains TEXT.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { benchmarkCases } from './lib/cases.mjs';
import { describeMachine } from './lib/machine.mjs';
import { peers } from './lib/peers.mjs';
import { gflops, markdown } from './lib/report.mjs';
import { measureCase } from './lib/timing.mjs';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const threadsArg = args.indexOf('--threads');
const machine = describeMachine();
const threads = threadsArg >= 0 ? Number(args[threadsArg + 1]) : machine.cores;
const here = fileURLToPath(new URL('.', import.meta.url));
const require = createRequire(import.meta.url);

/** A dependency's version, from the package.json above its resolved entry point. */
function version(name) {
  let dir = dirname(require.resolve(name));
  for (;;) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const json = JSON.parse(readFileSync(file, 'utf8'));
      if (json.name === name) return json.version;
    }
    if (dirname(dir) === dir) return 'unknown';
    dir = dirname(dir);
  }
}

/** Whether this host validates a module using f32x4.relaxed_madd (relaxed SIMD). */
function relaxedSimd() {
  const body = [0x00, 0x20, 0, 0x20, 1, 0x20, 2, 0xfd, 0x85, 0x02, 0x0b];
  const type = [0x60, 3, 0x7b, 0x7b, 0x7b, 1, 0x7b];
  const bytes = [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, type.length + 1, 1, ...type, 3, 2, 1, 0, 10, body.length + 2, 1, body.length, ...body];
  return WebAssembly.validate(new Uint8Array(bytes));
}

const onlyArg = args.indexOf('--only');
const cases = benchmarkCases({ quick }).filter((c) => onlyArg < 0 || c.name.includes(args[onlyArg + 1]));
const list = peers(threads);
const results = [];
for (const c of cases) {
  await measureCase(c, list, (peer, { medianMs, samples }) => {
    results.push({ case: c.name, peer: peer.label, flops: c.flops, medianMs, gflops: gflops(c.flops, medianMs), samples });
    console.log(`${c.name.padEnd(28)} ${peer.label.padEnd(24)} ${medianMs.toFixed(2).padStart(9)} ms ${gflops(c.flops, medianMs).toFixed(1).padStart(7)} GFLOPS`);
  }, quick ? { budgetMs: 2000, maxRounds: 4 } : {});
}

await tf.setBackend('wasm');
const environment = [
  `@tessera/core ${version('@tessera/core')}: wasm build ${relaxedSimd() ? 'relaxed SIMD (fused multiply-add)' : 'SIMD (this host has no relaxed SIMD)'}; threaded column uses ${threads} threads (worker_threads, shared memory).`,
  `TensorFlow.js ${version('@tensorflow/tfjs-core')}: wasm backend SIMD ${await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')}, multithreading ${await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')} (${getThreadsCount()} thread).`,
  `jax-js ${version('@jax-js/jax')}: wasm device (single-threaded in Node).`,
  "Peers are measured in interleaved rounds (each gets a slice of runs in turn), so drift in the machine's speed moves them alike. On this 2-vCPU VM absolute numbers vary by about 20% between runs; ratios much less.",
];
const date = new Date().toISOString();
const report = { date, machine, environment, threads, cases, results };
const md = markdown({ date: date.slice(0, 16).replace('T', ' '), machine, environment, cases, peers: list.map((p) => p.label), results, threads });
const dir = join(here, 'results');
mkdirSync(dir, { recursive: true });
const stamp = date.slice(0, 16).replace(/[:T]/g, '-');
for (const name of [stamp, 'latest']) {
  writeFileSync(join(dir, `${name}.md`), md);
  writeFileSync(join(dir, `${name}.json`), `${JSON.stringify(report, null, 2)}\n`);
}
console.log(`\n${md}`);
process.exit(0);
