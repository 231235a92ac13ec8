// Zachary's karate club (34 members, 78 friendships; data/karate-club.json names the source):
// a semi-supervised GCN learns the club's split from ONE labelled member per faction
// (the instructor, node 0, and the administrator, node 33), as in Kipf & Welling's demo.
// It draws the learned 2-D embedding at several points of training into an SVG and prints
// `accuracy: 0.xxxx` over the 32 unlabelled members as its last line.
//   pnpm --filter @tessera/demo karate -- --steps 300 --backend wasm --out out/karate-embedding.svg
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { edgeIndexToCsrAsync, eye, getBackend, tensor, tidy } from '@tessera/core';
import { noGrad } from '@tessera/autograd';
import { KarateGcn } from './lib/karate-gcn.mjs';
import { startDemo } from './lib/gnn-cli.mjs';
import { accuracy, ids, trainNodeClassifier } from './lib/node-classification.mjs';
import { embeddingSvg } from './lib/embedding-svg.mjs';

const options = await startDemo('karate', { steps: 300 }, { out: { type: 'string', default: 'out/karate-embedding.svg' } });
const club = JSON.parse(readFileSync(new URL('./data/karate-club.json', import.meta.url), 'utf8'));

const start = performance.now();
// Friendships go both ways: each of the 78 pairs becomes two directed edges, sorted once
// into core's CSR (the async builder works on every backend, webgpu included).
const [a, b] = [club.edges.map((e) => e[0]), club.edges.map((e) => e[1])];
const edgeIndex = tidy(() => tensor([[...a, ...b], [...b, ...a]], { dtype: 'int32' }));
const graph = await edgeIndexToCsrAsync(edgeIndex, { numNodes: 34 });
const x = eye(34); // no member attributes: one-hot identities, as Kipf & Welling
const labels = ids(club.faction);
const train = ids([0, 33]);
const rest = ids(Array.from({ length: 34 }, (_, i) => i).filter((i) => i !== 0 && i !== 33));
const model = new KarateGcn();
console.log(`karate club on ${getBackend()}: 34 members, ${edgeIndex.shape[1]} directed edges, labels for members 0 and 33 only, ${options.steps} Adam steps`);

const snapshots = [];
const snapshotAt = new Set([0, 10, 25, 50, 100, options.steps].filter((s) => s <= options.steps));
const snapshot = async (step) => {
  if (!snapshotAt.has(step)) return;
  const points = noGrad(() => tidy(() => model.embed(x, graph)));
  snapshots.push({ step, points: await points.array() });
  points.dispose();
};
await snapshot(0);
const logits = await trainNodeClassifier(model, {
  x, graph, labels, train, steps: options.steps, lr: 0.01, label: 'GCN', onStep: (step) => snapshot(step),
});
const score = await accuracy(logits, labels, rest);

mkdirSync(dirname(options.out), { recursive: true });
writeFileSync(options.out, embeddingSvg({ snapshots, edges: club.edges, faction: club.faction, labelled: [0, 33], title: 'GCN embedding of the karate club over training' }));
console.log(`embedding over training: ${options.out}`);
console.log(`wall time ${((performance.now() - start) / 1000).toFixed(1)}s`);
console.log(`accuracy: ${score.toFixed(4)}`);
for (const t of [edgeIndex, x, labels, train, rest, logits]) t.dispose();
graph.dispose();
model.dispose();
