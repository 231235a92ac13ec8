// GNN training epochs on a seeded stochastic block model (100k nodes, ~1.1M directed edges
// with self-loops, 64 features, 10 classes by default): a 2-layer GCN (64 → 64 → 10) and a
// 2-layer GAT (8 heads × 8, then 10) with Adam, on Tessera's wasm backend (1 thread and the
// machine's cores, interleaved rounds as in lib/timing.mjs) beside PyTorch on the CPU
// (Debian's python3-torch, run as /usr/bin/python3 when installed): GCN with torch.sparse.mm
// on the normalised adjacency and with index_add_, GAT with index_add_, 1 thread and the
// default threads. Also reports the wasm backend's peak tensor bytes during one epoch, beside
// the size an edge-by-feature message tensor would take. Writes results/gnn-latest.{md,json}.
// Run after building the workspace: `pnpm --filter @tessera/bench bench:gnn`; `--nodes N`
// scales the graph, `--quick` spends less time, `--no-torch` leaves PyTorch out.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as core from '@tessera/core';
import { describeMachine } from './lib/machine.mjs';
import { gcnNorm, stochasticBlockModel } from './lib/sbm.mjs';
import { tesseraGnn } from './lib/gnn-models.mjs';
import { median, measureCase } from './lib/timing.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const quick = args.includes('--quick');
const nodes = option('--nodes', 100_000);
const torchEpochs = option('--torch-epochs', quick ? 2 : 5);
const machine = describeMachine();
const PYTHON = '/usr/bin/python3';

const data = stochasticBlockModel({ nodes });
data.norm = gcnNorm(data);
console.log(`SBM: ${data.nodes} nodes, ${data.edges} directed edges (self-loops included), ${data.features} features, ${data.classes} classes`);

const rows = [];
const timing = quick ? { budgetMs: 4000, minRounds: 2, maxRounds: 3, sliceMs: 0 } : { budgetMs: 60000, minRounds: 3, maxRounds: 10, sliceMs: 0 };
for (const model of ['gcn', 'gat']) {
  const peers = [
    tesseraGnn(`tessera wasm 1 thread`, model, 'wasm', 1),
    tesseraGnn(`tessera wasm ${machine.cores} threads`, model, 'wasm', machine.cores),
    tesseraGnn(`@tessera/gnn wasm 1 thread`, `gnn-${model}`, 'wasm', 1),
  ];
  await measureCase({ name: model, data }, peers, (peer, { medianMs, samples }) => {
    rows.push({ model, peer: peer.label, medianMs, epochs: samples.length });
    console.log(`${model} ${peer.label.padEnd(26)} ${medianMs.toFixed(1).padStart(9)} ms/epoch (${samples.length} epochs)`);
  }, timing);
}

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

let torch = { skipped: `${PYTHON} not found` };
if (!args.includes('--no-torch') && existsSync(PYTHON)) {
  const folder = mkdtempSync(join(tmpdir(), 'tessera-gnn-'));
  for (const [name, values] of Object.entries({ src: data.src, dst: data.dst, norm: data.norm, x: data.x, y: data.y })) {
    writeFileSync(join(folder, `${name}.bin`), Buffer.from(values.buffer, values.byteOffset, values.byteLength));
  }
  const script = fileURLToPath(new URL('./lib/gnn_torch.py', import.meta.url));
  const run = spawnSync(PYTHON, [script, folder, data.nodes, data.features, data.classes, torchEpochs, 1, machine.cores].map(String), { encoding: 'utf8', maxBuffer: 1 << 24 });
  rmSync(folder, { recursive: true, force: true });
  if (run.status === 0) {
    torch = JSON.parse(run.stdout.trim().split('\n').pop());
    for (const [key, times] of Object.entries(torch.results)) {
      const [variant, threads] = key.split('|');
      const row = { model: variant.slice(0, 3), peer: `pytorch ${variant.slice(4)} ${threads} thread${threads === '1' ? '' : 's'}`, medianMs: median(times), epochs: times.length };
      rows.push(row);
      console.log(`${row.model} ${row.peer.padEnd(26)} ${row.medianMs.toFixed(1).padStart(9)} ms/epoch (${row.epochs} epochs)`);
    }
  } else {
    torch = { skipped: `PyTorch failed: ${run.stderr.trim().split('\n').pop()}` };
  }
}

// Ratios: PyTorch's time over Tessera's (above 1 means Tessera is faster), per model.
const reference = (model) => rows.find((r) => r.model === model && r.peer.startsWith('pytorch sparse.mm 1 thread'))
  ?? rows.find((r) => r.model === model && r.peer.startsWith('pytorch index_add_ 1 thread'));
const ratio = (r) => {
  const ref = reference(r.model);
  return ref ? `${(ref.medianMs / r.medianMs).toFixed(2)}×` : '—';
};
const mib = (bytes) => (bytes / 2 ** 20).toFixed(1);
const date = new Date().toISOString();
const lines = [
  `# Tessera GNN benchmark, ${date.slice(0, 16).replace('T', ' ')}`,
  '',
  `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.os}; Node ${machine.node}; load average at start ${machine.loadAverage.join(' / ')}.`,
  '',
  `- Graph: seeded SBM, ${data.nodes} nodes in ${data.classes} communities, ${data.edges} directed edges with self-loops, ${data.features} features.`,
  '- An epoch: forward over every node, cross-entropy, backward, Adam (lr 0.01). GCN 64 → 64 → 10 with gcn_norm weights (computed once); GAT 8 heads × 8 (concat), ELU, 1 head × 10.',
  '- Tessera: core\'s sparseAggregate / segmentSoftmax with @tessera/layers\' Linear and Adam (lib/gnn-models.mjs), wasm backend, interleaved rounds; "@tessera/gnn" rows run the same models built from GCNConv / GATConv.',
  `- PyTorch ${torch.torch ?? ''}: lib/gnn_torch.py, ${torchEpochs} epochs after one warm-up, run after Tessera's rounds (not interleaved). ${torch.skipped ? `Not run: ${torch.skipped}.` : ''}`,
  '',
  `| model | peer | ms per epoch (median) | PyTorch's best 1-thread ÷ this | epochs |`,
  '| --- | --- | ---: | ---: | ---: |',
  ...rows.map((r) => `| ${r.model} | ${r.peer} | ${r.medianMs.toFixed(1)} | ${ratio(r)} | ${r.epochs} |`),
  '',
  `Peak tensor bytes on wasm during one epoch (1 thread), beside one edge-by-feature message tensor (${data.edges} × 64 floats = ${mib(messageBytes)} MiB):`,
  '',
  '| model | held before the epoch (MiB) | peak during it (MiB) | allocated at most by the epoch (MiB) |',
  '| --- | ---: | ---: | ---: |',
  ...peaks.map((p) => `| ${p.model} | ${mib(p.heldBytes)} | ${mib(p.peakBytes)} | ${mib(p.epochBytes)} |`),
];
const md = `${lines.join('\n')}\n`;
const dir = join(fileURLToPath(new URL('.', import.meta.url)), 'results');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'gnn-latest.md'), md);
writeFileSync(join(dir, 'gnn-latest.json'), `${JSON.stringify({ date, machine, graph: { nodes: data.nodes, edges: data.edges, features: data.features }, rows, peaks, torch }, null, 2)}\n`);
console.log(`\n${md}`);
process.exit(0);
