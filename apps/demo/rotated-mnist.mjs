// Rotated MNIST with @tessera/gcnn: the `mnist` package's digits, each turned by its own
// seeded angle in [0°, 360°) (train and test), classified by a P4CNN, a plain CNN of about
// the same parameter count and a small CNN ending in the advection-diffusion PDE block.
// Prints a table (test error, parameters, wall time) and, last, one score line.
//   pnpm --filter @tessera/demo rotated-mnist [-- --epochs N (5) --models p4cnn,cnn,pde --backend wasm|webgpu|js]
// --quick: 1,024 training and 512 test digits, 1 epoch (a smoke run); --steps N: at most N
// batches per epoch; --train/--test: set sizes (8,000 / 2,000); --batch-size (64); --lr
// (2e-3, cosine); --seed (0); --threads (wasm threads).
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { getBackend, manualSeed, memory } from '@tessera/core';
import { startBackend } from './lib/backend.mjs';
import { Adam, CosineAnnealingLR, seededRandom } from '@tessera/layers';
import { batches } from './lib/mnist-batches.mjs';
import { loadMnist } from './lib/mnist-data.mjs';
import { rotateSet } from './lib/rotated-mnist-data.mjs';
import { rotatedModels } from './lib/gcnn-models.mjs';
import { evaluate, trainStep } from './lib/train-step.mjs';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    models: { type: 'string', default: 'p4cnn,cnn,pde' },
    epochs: { type: 'string' },
    steps: { type: 'string' },
    quick: { type: 'boolean', default: false },
    train: { type: 'string' },
    test: { type: 'string' },
    backend: { type: 'string', default: 'wasm' },
    'batch-size': { type: 'string', default: '64' },
    lr: { type: 'string', default: '2e-3' },
    seed: { type: 'string', default: '0' },
    threads: { type: 'string' },
  },
});
const names = values.models.split(',').filter((n) => n.length > 0);
for (const name of names) if (!(name in rotatedModels)) throw new Error(`rotated-mnist: unknown model '${name}' in --models (expected ${Object.keys(rotatedModels).join(', ')})`);
const numbers = {
  epochs: Number(values.epochs ?? (values.quick ? 1 : 5)),
  steps: values.steps === undefined ? Infinity : Number(values.steps),
  train: Number(values.train ?? (values.quick ? 1024 : 8000)),
  test: Number(values.test ?? (values.quick ? 512 : 2000)),
  'batch-size': Number(values['batch-size']),
  seed: Number(values.seed),
};
for (const [name, v] of Object.entries(numbers)) {
  if (!(v === Infinity || (Number.isInteger(v) && v >= (name === 'seed' ? 0 : 1)))) throw new Error(`rotated-mnist: --${name} must be a whole number, got ${v}`);
}
const lr = Number(values.lr);
if (!(lr > 0)) throw new Error(`rotated-mnist: --lr must be positive, got ${values.lr}`);
const { epochs, steps, seed } = numbers;
const batchSize = numbers['batch-size'];

await startBackend('rotated-mnist', values.backend, values.threads);

const digits = loadMnist({ train: numbers.train, test: numbers.test });
const train = rotateSet(digits.train, seededRandom(seed + 100));
const test = rotateSet(digits.test, seededRandom(seed + 200));
const stepsPerEpoch = Math.min(steps, Math.floor(train.count / batchSize));
console.log(
  `rotated MNIST on ${getBackend()}: ${train.count} training and ${test.count} test digits, each turned by a seeded uniform angle; ` +
    `${epochs} epoch(s) of ${stepsPerEpoch} batches of ${batchSize}, Adam lr ${lr} (cosine), seed ${seed}`,
);

const bars = new cliProgress.MultiBar(
  { format: '{model} |{bar}| {value}/{total} epoch {epoch} loss {loss} {duration}s', hideCursor: true, clearOnComplete: false, noTTYOutput: true, notTTYSchedule: 5_000 },
  cliProgress.Presets.shades_classic,
);
const results = [];
for (const name of names) {
  manualSeed(seed);
  const start = performance.now();
  const model = rotatedModels[name]();
  const parameters = model.parameters().reduce((n, p) => n + p.size, 0);
  const optimizer = new Adam(model.parameters(), { lr });
  const scheduler = new CosineAnnealingLR(optimizer, { tMax: epochs * stepsPerEpoch });
  const random = seededRandom(seed + 1);
  const bar = bars.create(epochs * stepsPerEpoch, 0, { model: name.padEnd(5), epoch: 1, loss: '-' });
  let loss = NaN;
  for (let epoch = 1; epoch <= epochs; epoch++) {
    let [total, seen] = [0, 0];
    for (const { images, labels } of batches(train, { batchSize, random, dropLast: true })) {
      if (seen === stepsPerEpoch) break;
      const batchLoss = trainStep(model, optimizer, images, labels);
      scheduler.step();
      total += (await batchLoss.data())[0];
      batchLoss.dispose();
      seen++;
      loss = total / seen;
      bar.increment(1, { epoch, loss: loss.toFixed(4) });
      // Training is synchronous: yield once per step so that the bars' redraw timer can run.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  const accuracy = await evaluate(model, batches(test, { batchSize: 500 }));
  const seconds = (performance.now() - start) / 1000;
  results.push({ name, parameters, error: 1 - accuracy, seconds, loss });
  // Each model's result as soon as it is known, so a long run that is cut short keeps it.
  const line = `${name}: test error ${(100 * (1 - accuracy)).toFixed(2)}% (${parameters} parameters, ${seconds.toFixed(1)}s, ${memory().numTensors} live tensors)\n`;
  // MultiBar.log prints above the bars on a terminal only.
  if (process.stdout.isTTY) bars.log(line);
  else process.stdout.write(line);
  model.dispose();
  optimizer.dispose();
}
bars.stop();

console.log('\n| model | parameters | test error | final train loss | wall time |\n| --- | ---: | ---: | ---: | ---: |');
for (const r of results) console.log(`| ${r.name} | ${r.parameters.toLocaleString('en')} | ${(100 * r.error).toFixed(2)}% | ${r.loss.toFixed(4)} | ${r.seconds.toFixed(1)}s |`);
console.log(`score: ${results.map((r) => `${r.name} ${(100 * r.error).toFixed(2)}% test error (${r.parameters} parameters, ${r.seconds.toFixed(0)}s)`).join(', ')}`);
