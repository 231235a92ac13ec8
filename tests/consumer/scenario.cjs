// What a user's first program does with core + autograd + layers + metrics, written once for
// the ESM and the CommonJS entry scripts beside it, which pass in the packages as each
// module system loads them. Prints one JSON line of facts for the test to check.
const { createRequire } = require('node:module');

/** Where `name` resolves from inside the installed package `from` (or from this project). */
function resolveFrom(from, name) {
  const base = from ? createRequire(__filename).resolve(from) : __filename;
  return createRequire(base).resolve(name);
}

async function run({ core, autograd, layers, metrics }) {
  const facts = {};
  await core.ready();
  facts.backend = core.getBackend();

  // PyTorch's order: leaves, a forward pass, then backward as the first autograd call.
  const w = core.tensor([1, 2, 3], { dtype: 'float32', requiresGrad: true });
  const first = w.mul(w).sum();
  autograd.backward(first);
  facts.firstGrad = Array.from(w.grad.dataSync());
  [w, first, w.grad].forEach((t) => t.dispose());

  // One core: every package resolves the same file, so its tensors are everyone's tensors.
  const own = resolveFrom(null, '@tessera/core');
  facts.oneCore = ['@tessera/autograd', '@tessera/layers', '@tessera/metrics'].every((pkg) => resolveFrom(pkg, '@tessera/core') === own);

  // A small classifier: two Gaussian blobs, an MLP, SGD, cross-entropy.
  core.manualSeed(0);
  const n = 64;
  const labels = core.tensor(Array.from({ length: n }, (_, i) => i % 2));
  const centres = core.tensor(Array.from({ length: n }, (_, i) => (i % 2 ? [2, 2] : [-2, -2])), { dtype: 'float32' });
  const inputs = core.randn([n, 2]).add(centres);
  centres.dispose();
  const model = new layers.Sequential(new layers.Linear(2, 8), new layers.ReLU(), new layers.Linear(8, 2));
  const optimizer = new layers.SGD(model.parameters(), { lr: 0.1 });
  const losses = [];
  const counts = [];
  for (let step = 0; step < 60; step++) {
    optimizer.zeroGrad();
    const loss = core.tidy(() => core.crossEntropy(model.call(inputs), labels));
    autograd.backward(loss);
    optimizer.step();
    losses.push(loss.dataSync()[0]);
    loss.dispose();
    counts.push(core.memory().numTensors);
  }
  facts.firstLoss = losses[0];
  facts.lastLoss = losses[losses.length - 1];
  facts.tensorsAtStep10 = counts[10];
  facts.tensorsAtEnd = counts[counts.length - 1];

  // metrics reads a core tensor made here; memory() counts a tensor once, on one backend.
  const predictions = autograd.noGrad(() => model.call(inputs).argmax(1));
  const before = core.memory().numTensors;
  facts.accuracy = await metrics.accuracy(predictions, labels);
  facts.tensorsAfterMetrics = core.memory().numTensors - before;
  const extra = core.zeros([3]);
  facts.countedOnce = core.memory().numTensors - before === 1;
  facts.backends = Object.keys(core.memory().byBackend);
  [predictions, extra, inputs, labels].forEach((t) => t.dispose());
  process.stdout.write(`${JSON.stringify(facts)}\n`);
}

module.exports = { run };
