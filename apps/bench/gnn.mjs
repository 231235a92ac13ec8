// GNN training epochs on a seeded stochastic block model (100k nodes, ~1.1M directed edges
// with self-loops, 64 features, 10 classes by default): a 2-layer GCN (64 → 64 → 10) and a
// 2-layer GAT (8 heads × 8, then 10) with Adam, on Tessera's wasm backend (1 thread and the
// machine's cores) beside PyTorch on the CPU (Debian's python3-torch, run as /usr/bin/python3
// when installed, as a child process serving one epoch per request): GCN with torch.sparse.mm
// on the normalised adjacency and with index_add_, GAT with index_add_, 1 thread and the
// default threads. Every peer of a model runs in the same interleaved rounds (lib/timing.mjs).
// TensorFlow.js (cpu backend) trains the GCN on a small graph only, beside Tessera there.
// Also reports the wasm backend's peak tensor bytes during one epoch, beside the size an
// edge-by-feature message tensor would take. Writes results/gnn-latest.{md,json}.
// Run after building the workspace: `pnpm --filter @tessera/bench bench:gnn`; `--nodes N`
// scales the graph (`--tfjs-nodes N` the small one), `--quick` spends less time,
// `--no-torch` leaves PyTorch out.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as core from '@tessera/core';
import { describeMachine } from './lib/machine.mjs';
import { gcnNorm, stochasticBlockModel } from './lib/sbm.mjs';
import { tesseraGnn } from './lib/gnn-models.mjs';
import { tfjsGcn } from './lib/gnn-tfjs.mjs';
import { startTorch, torchGnn } from './lib/gnn-torch.mjs';
import { measureCase } from './lib/timing.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const quick = args.includes('--quick');
const nodes = option('--nodes', 100_000);
const tfjsNodes = option('--tfjs-nodes', 100);
const machine = describeMachine();
const threadCounts = [1, machine.cores];
const plural = (threads) => `${threads} thread${threads === 1 ? '' : 's'}`;

const data = stochasticBlockModel({ nodes });
data.norm = gcnNorm(data);
console.log(`SBM: ${data.nodes} nodes, ${data.edges} directed edges (self-loops included), ${data.features} features, ${data.classes} classes`);

const torch = args.includes('--no-torch') ? { skipped: 'left out (--no-torch)' } : await startTorch(data);
const torchVariants = { gcn: ['gcn sparse.mm', 'gcn index_add_'], gat: ['gat index_add_'] };
const rows = [];
const record = (model, graph) => (peer, { medianMs, samples }) => {
  rows.push({ model, graph, peer: peer.label, threads: peer.threads, medianMs, epochs: samples.length });
  console.log(`${model} ${graph} ${peer.label.padEnd(30)} ${medianMs.toFixed(1).padStart(9)} ms/epoch (${samples.length} epochs)`);
};
const timing = quick ? { budgetMs: 4000, minRounds: 2, maxRounds: 3, sliceMs: 0 } : { budgetMs: 60000, minRounds: 3, maxRounds: 7, sliceMs: 0 };
for (const model of ['gcn', 'gat']) {
  const peers = [
    ...threadCounts.map((threads) => ({ ...tesseraGnn(`tessera wasm ${plural(threads)}`, model, 'wasm', threads), threads })),
    { ...tesseraGnn('@tessera/gnn wasm 1 thread', `gnn-${model}`, 'wasm', 1), threads: 1 },
    ...(torch.skipped ? [] : torchVariants[model].flatMap((variant) =>
      threadCounts.map((threads) => ({ ...torchGnn(torch, `pytorch ${variant.slice(4)} ${plural(threads)}`, variant, threads), threads })))),
  ];
  await measureCase({ name: model, data }, peers, record(model, 'large'), timing);
}
if (!torch.skipped) torch.close();
const loadAfterLarge = describeMachine().loadAverage;

// TensorFlow.js on a small graph, beside Tessera on the same graph.
const small = stochasticBlockModel({ nodes: tfjsNodes });
small.norm = gcnNorm(small);
console.log(`small SBM: ${small.nodes} nodes, ${small.edges} directed edges`);
await measureCase({ name: 'gcn small', data: small }, [
  { ...tesseraGnn('tessera wasm 1 thread', 'gcn', 'wasm', 1), threads: 1 },
  { ...tfjsGcn('tfjs cpu'), threads: 1 },
], record('gcn', 'small'), quick ? { budgetMs: 2000, minRounds: 2, maxRounds: 3, sliceMs: 0 } : { budgetMs: 20000, minRounds: 3, maxRounds: 5, sliceMs: 0 });

/** Peak tensor bytes on wasm over one epoch (after a warm-up epoch), beyond what was held before it. */
async function peakOfEpoch(model) {
  const prepared = await tesseraGnn('peak', model, 'wasm', 1).prepare({ data });
  await prepared.run();
  core.resetPeakBytes();
  const held = core.memory().byBackend.wasm.numBytes;
  await prepared.run();
  const peak = core.memory().byBackend.wasm.peakBytes;
  prepared.dispose();
  return { model, heldBytes: held, peakBytes: peak, epochBytes: peak - held };
}
const peaks = [await peakOfEpoch('gcn'), await peakOfEpoch('gat')];
const messageBytes = data.edges * 64 * 4;

const find = (model, graph, peer) => rows.find((r) => r.model === model && r.graph === graph && r.peer === peer);
const times = (a, b) => (a && b ? `${(a.medianMs / b.medianMs).toFixed(2)}×` : '—');
// Tessera against each PyTorch variant at the same thread count: above 1 means Tessera is faster.
const versus = [];
for (const model of ['gcn', 'gat']) {
  for (const threads of threadCounts) {
    const ours = find(model, 'large', `tessera wasm ${plural(threads)}`);
    for (const variant of torchVariants[model]) {
      const theirs = find(model, 'large', `pytorch ${variant.slice(4)} ${plural(threads)}`);
      if (ours && theirs) versus.push({ model, threads, variant: variant.slice(4), tesseraMs: ours.medianMs, torchMs: theirs.medianMs, ratio: theirs.medianMs / ours.medianMs });
    }
  }
}
const tfjsRatio = times(find('gcn', 'small', 'tfjs cpu'), find('gcn', 'small', 'tessera wasm 1 thread'));
const mib = (bytes) => (bytes / 2 ** 20).toFixed(1);
const date = new Date().toISOString();
const lines = [
  `# Tessera GNN benchmark, ${date.slice(0, 16).replace('T', ' ')}`,
  '',
  `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.os}; Node ${machine.node}; load average (1 / 5 / 15 min) at start ${machine.loadAverage.join(' / ')}, after the large graph ${loadAfterLarge.join(' / ')}. The machine is shared: only ratios from the same interleaved rounds mean much.`,
  '',
  `- Graph: seeded SBM, ${data.nodes} nodes in ${data.classes} communities, ${data.edges} directed edges with self-loops, ${data.features} features.`,
  '- An epoch: forward over every node, cross-entropy, backward, Adam (lr 0.01). GCN 64 → 64 → 10 with gcn_norm weights (computed once); GAT 8 heads × 8 (concat), ELU, 1 head × 10.',
  '- Tessera: core\'s sparseAggregate / segmentSoftmax with @tessera/layers\' Linear and Adam (lib/gnn-models.mjs), wasm backend; "@tessera/gnn" rows run the same models built from GCNConv / GATConv.',
  `- PyTorch ${torch.version ?? ''}: lib/gnn_torch.py in one child process, each epoch requested by the rounds. ${torch.skipped ? `Not run: ${torch.skipped}.` : ''}`,
  '- Every peer of a model runs one warm-up epoch, then one epoch per round, rounds interleaved; medians over the rounds.',
  '',
  '| model | peer | ms per epoch (median) | epochs |',
  '| --- | --- | ---: | ---: |',
  ...rows.filter((r) => r.graph === 'large').map((r) => `| ${r.model} | ${r.peer} | ${r.medianMs.toFixed(1)} | ${r.epochs} |`),
  '',
  'Tessera (the composed models, wasm) against PyTorch at the same thread count: PyTorch\'s time ÷ Tessera\'s, above 1 when Tessera is faster.',
  '',
  '| model | threads | PyTorch variant | Tessera ms | PyTorch ms | PyTorch ÷ Tessera |',
  '| --- | ---: | --- | ---: | ---: | ---: |',
  ...versus.map((v) => `| ${v.model} | ${v.threads} | ${v.variant} | ${v.tesseraMs.toFixed(1)} | ${v.torchMs.toFixed(1)} | ${v.ratio.toFixed(2)}× |`),
  '',
  `TensorFlow.js (cpu backend, gather + unsortedSegmentSum) on a small SBM, ${small.nodes} nodes and ${small.edges} directed edges, the same GCN epoch:`,
  '',
  '| peer | ms per epoch (median) | epochs |',
  '| --- | ---: | ---: |',
  ...rows.filter((r) => r.graph === 'small').map((r) => `| ${r.peer} | ${r.medianMs.toFixed(1)} | ${r.epochs} |`),
  '',
  `TensorFlow.js cpu ÷ Tessera wasm 1 thread: ${tfjsRatio}.`,
  '',
  `Peak tensor bytes on wasm during one epoch (1 thread) on the large graph, beside one edge-by-feature message tensor (${data.edges} × 64 floats = ${mib(messageBytes)} MiB):`,
  '',
  '| model | held before the epoch (MiB) | peak during it (MiB) | allocated at most by the epoch (MiB) |',
  '| --- | ---: | ---: | ---: |',
  ...peaks.map((p) => `| ${p.model} | ${mib(p.heldBytes)} | ${mib(p.peakBytes)} | ${mib(p.epochBytes)} |`),
];
const md = `${lines.join('\n')}\n`;
const dir = join(fileURLToPath(new URL('.', import.meta.url)), 'results');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'gnn-latest.md'), md);
writeFileSync(join(dir, 'gnn-latest.json'), `${JSON.stringify({ date, machine, graph: { nodes: data.nodes, edges: data.edges, features: data.features }, small: { nodes: small.nodes, edges: small.edges }, loadAfterLarge, rows, versus, peaks, torch: torch.skipped ? { skipped: torch.skipped } : { version: torch.version } }, null, 2)}\n`);
console.log(`\n${md}`);
process.exit(0);
