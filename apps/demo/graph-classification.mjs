// Graph classification where structure matters: small two-colour graphs with the same colour
// counts and the same degree statistics in both classes, told apart only by their wiring (most
// edges within a colour, or most across). GIN, which sees neighbourhoods, against a
// bag-of-nodes model (a per-node MLP summed over the graph), which cannot. Prints
// `accuracy: GIN 0.xxxx bag-of-nodes 0.xxxx` over the held-out graphs as its last line.
//   pnpm --filter @tessera/demo graph-classification -- --steps 300 --backend wasm
import { cat, crossEntropy, getBackend, relu, tensor, tidy } from '@tessera/core';
import { backward, noGrad } from '@tessera/autograd';
import { Adam, Linear, Module, ReLU, Sequential, seededRandom } from '@tessera/layers';
import { Batch, Data, GINConv, globalAddPool } from '@tessera/gnn';
import { startDemo } from './lib/gnn-cli.mjs';
import { ProgressBar } from './lib/progress.mjs';
import { shuffled, twoColourGraphs } from './lib/synthetic-graphs.mjs';

const options = await startDemo('graph-classification', { steps: 300 });
const [hidden, batchSize] = [32, 32];

const mlp = (input) => new Sequential(new Linear(input, hidden), new ReLU(), new Linear(hidden, hidden));

/** Three GIN layers, a sum readout of every layer's output (as Xu et al.), and a classifier. */
class Gin extends Module {
  convs = [0, 1, 2].map((i) => this.registerModule(`conv${i + 1}`, new GINConv(mlp(i === 0 ? 3 : hidden), { trainEps: true })));
  classifier = this.registerModule('classifier', new Linear(3 * hidden, 2));

  forward(x, edgeIndex, batch, numGraphs) {
    const readouts = [];
    let h = x;
    for (const conv of this.convs) {
      h = relu(conv.forward(h, edgeIndex));
      readouts.push(globalAddPool(h, batch, numGraphs));
    }
    return this.classifier.forward(cat(readouts, 1));
  }
}

/** The same capacity per node, no edges: an MLP on each node, summed per graph. */
class BagOfNodes extends Module {
  nodes = this.registerModule('nodes', mlp(3));
  classifier = this.registerModule('classifier', new Linear(hidden, 2));

  forward(x, _edgeIndex, batch, numGraphs) {
    return this.classifier.forward(globalAddPool(relu(this.nodes.forward(x)), batch, numGraphs));
  }
}

const start = performance.now();
// Node features: colour one-hot and degree, so the baseline sees the degree statistics too.
const graphs = twoColourGraphs({ count: 600, seed: options.seed }).map((g) => {
  const x = new Float32Array(g.numNodes * 3);
  for (let i = 0; i < g.numNodes; i++) x.set([g.x[2 * i], g.x[2 * i + 1], 0], 3 * i);
  for (const d of g.dst) x[3 * d + 2] += 0.25;
  // tidy keeps tensors returned in plain objects, so the Data is made outside it.
  const fields = tidy(() => ({
    x: tensor(x).reshape([g.numNodes, 3]),
    edgeIndex: tensor(Int32Array.from([...g.src, ...g.dst]), { dtype: 'int32' }).reshape([2, g.src.length]),
    y: tensor(Int32Array.of(g.y), { dtype: 'int32' }),
  }));
  return new Data(fields);
});
const [trainSet, testSet] = [graphs.slice(0, 400), graphs.slice(400)];
console.log(`graph classification on ${getBackend()}: ${graphs.length} two-colour graphs of 10-20 nodes (${trainSet.length} train, ${testSet.length} test), equal colour counts and degree statistics in both classes`);

async function train(name, model) {
  const optimizer = new Adam(model.parameters(), { lr: 0.005 });
  const random = seededRandom(options.seed + 7);
  const bar = new ProgressBar(name.padEnd(12), options.steps);
  let order = [];
  let last = 0;
  for (let step = 1; step <= options.steps; step++) {
    if (order.length < batchSize) order = shuffled(trainSet.map((_, i) => i), random);
    const batch = Batch.fromDataList(order.splice(0, batchSize).map((i) => trainSet[i]));
    const loss = tidy(() => crossEntropy(model.call(batch.x, batch.edgeIndex, batch.batch, batch.numGraphs), batch.y));
    backward(loss);
    optimizer.step();
    optimizer.zeroGrad();
    if (step % 10 === 0 || step === options.steps) last = (await loss.data())[0];
    loss.dispose();
    batch.dispose();
    bar.update(step, `loss ${last.toFixed(4)}`);
  }
  bar.done(`loss ${last.toFixed(4)}`);
  optimizer.dispose();
  model.eval();
  const batch = Batch.fromDataList(testSet);
  const hits = noGrad(() => tidy(() => model.call(batch.x, batch.edgeIndex, batch.batch, batch.numGraphs).argmax(1).eq(batch.y).int().sum()));
  const score = (await hits.data())[0] / testSet.length;
  hits.dispose();
  batch.dispose();
  model.dispose();
  return score;
}

const scores = { GIN: await train('GIN', new Gin()), 'bag-of-nodes': await train('bag-of-nodes', new BagOfNodes()) };
console.log('\nmodel        | test accuracy');
console.log('------------ | -------------');
for (const [name, score] of Object.entries(scores)) console.log(`${name.padEnd(12)} | ${score.toFixed(4)}`);
console.log(`wall time ${((performance.now() - start) / 1000).toFixed(1)}s`);
console.log(`accuracy: ${Object.entries(scores).map(([name, score]) => `${name} ${score.toFixed(4)}`).join(' ')}`);
for (const g of graphs) g.dispose();
