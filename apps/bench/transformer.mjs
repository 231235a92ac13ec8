// Benchmarks GPT generation with and without the key/value cache: milliseconds per generated
// token (greedy) after a prompt of 128, 512 and 1024 tokens, for a 6-layer, 256-wide, 4-head
// model on the wasm backend. With the cache each token is one forward of one token over the
// cached keys and values (O(t)); without it each token is a full forward of the whole
// sequence (O(t²)), so the cache's speed-up should grow with the context.
// Writes results/transformer-latest.{md,json}.
// Run with `pnpm --filter @tessera/bench bench:transformer` after building the workspace;
// `--quick` runs context 128 and a few tokens only (a smoke run); `--contexts 128,1024`,
// `--tokens N` and `--rounds N` override the sizes.
import { createRequire } from 'node:module';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as core from '@tessera/core';
import { noGrad } from '@tessera/autograd';
import { GPT } from '@tessera/transformer';
import { describeMachine } from './lib/machine.mjs';
import { median } from './lib/timing.mjs';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
/** The value after `--name`, or undefined. */
const flag = (name) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : undefined);
const machine = describeMachine();
const threads = machine.cores;
const require = createRequire(import.meta.url);
const { version: tesseraVersion } = require('@tessera/core/package.json');

const contexts = flag('contexts')?.split(',').map(Number) ?? (quick ? [128] : [128, 512, 1024]);
const tokens = Number(flag('tokens') ?? (quick ? 3 : 8));
const rounds = Number(flag('rounds') ?? (quick ? 1 : 3));
const config = { vocabSize: 512, contextLength: 1024 + 16, dModel: 256, nLayer: 6, nHead: 4 };

await core.setBackend('wasm');
await core.setThreads(threads);
core.manualSeed(0);
const gpt = new GPT(config);
gpt.eval();

/** The greedy next token of the last position of logits `[1, T, V]`. */
async function nextToken(logits) {
  const last = core.tidy(() => core.argmax(logits.narrow(1, logits.shape[1] - 1, 1).reshape([config.vocabSize])));
  const id = Number(await last.item());
  last.dispose();
  return id;
}

/** ms per token generating `tokens` tokens after a prompt of `context` tokens. */
async function generate(context, cached) {
  const ids = Array.from({ length: context }, (_, i) => (i * 7919) % config.vocabSize);
  const cache = cached ? gpt.createCache() : null;
  // The prompt (prefill) is not timed: only the generated tokens are.
  let logits = noGrad(() => gpt.call(core.tensor([ids], { dtype: 'int32' }), { cache }));
  let token = await nextToken(logits);
  const t0 = performance.now();
  for (let i = 0; i < tokens; i++) {
    ids.push(token);
    logits.dispose();
    const input = core.tensor([cached ? [token] : ids], { dtype: 'int32' });
    logits = noGrad(() => gpt.call(input, { cache }));
    input.dispose();
    token = await nextToken(logits);
  }
  const ms = (performance.now() - t0) / tokens;
  logits.dispose();
  cache?.dispose();
  return ms;
}

const results = [];
for (const context of contexts) {
  const samples = { cached: [], full: [] };
  for (let r = 0; r < rounds; r++) {
    samples.cached.push(await generate(context, true));
    samples.full.push(await generate(context, false));
  }
  const row = { context, cachedMs: median(samples.cached), fullMs: median(samples.full), samples };
  results.push(row);
  console.log(`context ${context}: ${row.cachedMs.toFixed(2)} ms/token with the cache, ${row.fullMs.toFixed(2)} without (${(row.fullMs / row.cachedMs).toFixed(1)}×)`);
}

const date = new Date().toISOString();
const lines = [
  `# Tessera GPT generation benchmark, ${date.slice(0, 16).replace('T', ' ')}${quick ? ' (quick smoke run)' : ''}`,
  '',
  `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.os}; Node ${machine.node}; load average at start ${machine.loadAverage.join(' / ')}.`,
  '',
  `- @tessera/core ${tesseraVersion}, wasm backend, ${threads} threads. GPT: ${config.nLayer} layers, width ${config.dModel}, ${config.nHead} heads, vocabulary ${config.vocabSize}.`,
  `- Greedy generation of ${tokens} tokens after the prompt (prefill not timed); median over ${rounds} round(s) of the mean ms per token.`,
  '',
  '| context | with cache (ms/token) | without cache (ms/token) | speed-up |',
  '| ---: | ---: | ---: | ---: |',
  ...results.map((r) => `| ${r.context} | ${r.cachedMs.toFixed(2)} | ${r.fullMs.toFixed(2)} | ${(r.fullMs / r.cachedMs).toFixed(1)}× |`),
];
const md = `${lines.join('\n')}\n`;
const dir = join(fileURLToPath(new URL('.', import.meta.url)), 'results');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'transformer-latest.md'), md);
writeFileSync(join(dir, 'transformer-latest.json'), `${JSON.stringify({ date, machine, config, tokens, results }, null, 2)}\n`);
console.log(`\n${md}`);
gpt.dispose();
process.exit(0);
