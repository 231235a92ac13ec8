// Node classification on a seeded contextual stochastic block model (3,000 nodes in 4
// communities, about 10 neighbours each, noisy community-correlated features), with 20
// labelled nodes per class: GCN, GraphSAGE and GAT against an MLP that ignores the edges.
// Prints a table of test accuracies and, last, `accuracy: GCN 0.xxxx SAGE ... GAT ... MLP ...`.
//   pnpm --filter @tessera/demo sbm -- --steps 200 --backend wasm
import { dropout, edgeIndexToCsrAsync, getBackend, relu, tensor, tidy } from '@tessera/core';
import { Linear, Module, seededRandom } from '@tessera/layers';
import { GATConv, GCNConv, SAGEConv } from '@tessera/gnn';
import { startDemo } from './lib/gnn-cli.mjs';
import { accuracy, ids, trainNodeClassifier } from './lib/node-classification.mjs';
import { contextualSbm, shuffled } from './lib/synthetic-graphs.mjs';

const options = await startDemo('sbm', { steps: 200 });
const [numNodes, numClasses, features, hidden] = [3000, 4, 16, 32];

/** Two layers with ReLU and dropout 0.5 between: `make(in, out, last)` builds each layer. */
class TwoLayer extends Module {
  constructor(make) {
    super();
    this.layer1 = this.registerModule('layer1', make(features, hidden, false));
    this.layer2 = this.registerModule('layer2', make(hidden, numClasses, true));
  }

  forward(x, graph) {
    const h = dropout(relu(this.layer1.forward(x, graph)), 0.5, this.training);
    return this.layer2.forward(h, graph);
  }
}

const models = {
  GCN: () => new TwoLayer((i, o) => new GCNConv(i, o)),
  SAGE: () => new TwoLayer((i, o) => new SAGEConv(i, o)),
  GAT: () => new TwoLayer((i, o, last) => (last ? new GATConv(i, o) : new GATConv(i, o / 4, { heads: 4 }))),
  // Linear.forward(x, graph) ignores the graph: the edge-blind baseline.
  MLP: () => new TwoLayer((i, o) => new Linear(i, o)),
};

const start = performance.now();
const sbm = contextualSbm({ numNodes, numClasses, pIn: 7 / (numNodes / numClasses), pOut: 3 / (numNodes - numNodes / numClasses), features, signal: 1, seed: options.seed });
const [edgeIndex, x, labels] = tidy(() => [
  tensor(Int32Array.from([...sbm.src, ...sbm.dst]), { dtype: 'int32' }).reshape([2, sbm.src.length]),
  tensor(sbm.features).reshape([numNodes, features]),
  ids(sbm.labels),
]);
// Sorted once into core's CSR: every layer call aggregates over it without re-sorting.
const graph = await edgeIndexToCsrAsync(edgeIndex, { numNodes });
const random = seededRandom(options.seed + 1);
const order = shuffled(Array.from({ length: numNodes }, (_, i) => i), random);
const trainIds = [];
for (let c = 0; c < numClasses; c++) trainIds.push(...order.filter((i) => sbm.labels[i] === c).slice(0, 20));
const train = ids(trainIds);
const test = ids(order.filter((i) => !trainIds.includes(i)));
console.log(`contextual SBM on ${getBackend()}: ${numNodes} nodes, ${sbm.src.length} directed edges, ${numClasses} classes, ${features} noisy features; ${trainIds.length} labelled, ${test.size} test nodes`);

const scores = {};
for (const [name, make] of Object.entries(models)) {
  const model = make();
  const logits = await trainNodeClassifier(model, { x, graph, labels, train, steps: options.steps, lr: 0.01, weightDecay: 5e-4, label: name.padEnd(4) });
  scores[name] = await accuracy(logits, labels, test);
  logits.dispose();
  model.dispose();
}

console.log('\nmodel | test accuracy');
console.log('----- | -------------');
for (const [name, score] of Object.entries(scores)) console.log(`${name.padEnd(5)} | ${score.toFixed(4)}`);
console.log(`wall time ${((performance.now() - start) / 1000).toFixed(1)}s`);
console.log(`accuracy: ${Object.entries(scores).map(([name, score]) => `${name} ${score.toFixed(4)}`).join(' ')}`);
for (const t of [edgeIndex, x, labels, train, test]) t.dispose();
graph.dispose();
