// Benchmarks recurrent training: the char-level language model of issue 14 (embedding 64,
// LSTM 2 layers hidden 256, linear to 64 symbols, batch 32, sequence 64, Adam), in training
// tokens per second, for Tessera (wasm 1 thread and all cores; js with --js) against
// tfjs-layers' LSTM on TensorFlow.js's wasm and cpu backends (one-hot tokens into a bias-free
// dense layer: tfjs's Embedding cannot train on wasm) in the same process and interleaved
// rounds (lib/timing.mjs), and against the same model in PyTorch CPU (rnn_torch.py, a
// long-lived child process when /usr/bin/python3 has torch, 1 thread and all cores, stepped
// in the same interleaved rounds). Then a single LSTM
// layer's forward + backward at several sizes (tfjs on wasm only there). Writes
// results/rnn-latest.{md,json}.
// Run with `pnpm --filter @tessera/bench bench:rnn` after building the workspace; `--quick`
// runs small shapes as a smoke test, `--no-torch` skips PyTorch, `--no-tfjs-cpu` skips
// tfjs's slow cpu backend.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeMachine } from './lib/machine.mjs';
import { tesseraCharLm, tesseraLayer, tfjsCharLmTrainer, tfjsLayer } from './lib/rnn-peers.mjs';
import { measureCase } from './lib/timing.mjs';
import { startTorchServer, torchPeer } from './lib/torch-server.mjs';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const machine = describeMachine();
const threads = machine.cores;
const require = createRequire(import.meta.url);
const { version: tesseraVersion } = require('@tessera/core/package.json');
const { version: tfjsVersion } = require('@tensorflow/tfjs-core/package.json');

const charLm = quick
  ? { name: 'char-LM (quick: hidden 64, batch 8, seq 16)', vocab: 64, embed: 64, hidden: 64, layers: 2, batch: 8, seq: 16 }
  : { name: 'char-LM', vocab: 64, embed: 64, hidden: 256, layers: 2, batch: 32, seq: 64 };
const layerCases = (quick ? [[8, 16, 64, 64]] : [[32, 64, 128, 128], [32, 64, 256, 256]])
  .map(([batch, seq, input, hidden]) => ({ name: `LSTM layer B=${batch} T=${seq} I=${input} H=${hidden}`, batch, seq, input, hidden }));
// tfjs trains this model at a few hundred tokens/s: a step takes seconds, so rounds are few.
const timing = quick ? { budgetMs: 2000, minRounds: 2, maxRounds: 3, sliceMs: 0 } : { budgetMs: 30000, minRounds: 3, maxRounds: 8, sliceMs: 0 };

const tesseraPeers = (make) => [
  make('tessera wasm 1 thread', 'wasm', 1),
  make(`tessera wasm ${threads} threads`, 'wasm', threads),
  ...(args.includes('--js') ? [make('tessera js', 'js', 1)] : []),
];
const tfjsPeers = (make) => [make('tfjs wasm', 'wasm'), ...(args.includes('--no-tfjs-cpu') ? [] : [make('tfjs cpu', 'cpu')])];
const { vocab, embed, hidden, layers, batch, seq } = charLm;
const torch = args.includes('--no-torch')
  ? { skipped: '--no-torch' }
  : await startTorchServer(fileURLToPath(new URL('./rnn_torch.py', import.meta.url)), [vocab, embed, hidden, layers, batch, seq]);
// PyTorch at 1 thread and at its default (all cores), when the server started.
const torchPeers = (what) => (torch.skipped ? [] : [1, threads].map((n) => torchPeer(torch, `pytorch ${n} thread${n === 1 ? '' : 's'}`, `${what} ${n}`)));

const rows = [];
const record = (c, label, medianMs, samples, tokens) => {
  rows.push({ case: c.name, peer: label, medianMs, runs: samples, tokensPerSecond: tokens / (medianMs / 1000) });
  console.log(`${c.name.padEnd(40)} ${label.padEnd(26)} ${medianMs.toFixed(1).padStart(9)} ms ${(tokens / (medianMs / 1000)).toFixed(0).padStart(8)} tok/s (${samples} runs)`);
};

const charLmPeers = [...tesseraPeers(tesseraCharLm), ...tfjsPeers(tfjsCharLmTrainer), ...torchPeers('charlm')];
await measureCase(charLm, charLmPeers, (peer, { medianMs, samples }) => record(charLm, peer.label, medianMs, samples.length, charLm.batch * charLm.seq), timing);
for (const c of layerCases) {
  // tfjs's cpu backend runs only the char-LM: a layer step there takes tens of seconds.
  const peers = [...tesseraPeers(tesseraLayer), tfjsLayer('tfjs wasm', 'wasm'), ...torchPeers(`layer ${[c.batch, c.seq, c.input, c.hidden].join(':')}`)];
  await measureCase(c, peers, (peer, { medianMs, samples }) => record(c, peer.label, medianMs, samples.length, c.batch * c.seq), timing);
}

torch.close?.();

// Ratios against the faster TensorFlow.js backend and the faster PyTorch thread count of the same case.
const best = (c, prefix) => rows.filter((r) => r.case === c.name && r.peer.startsWith(prefix)).sort((a, b) => a.medianMs - b.medianMs)[0];
const ratio = (r, ref) => (ref ? `${(ref.medianMs / r.medianMs).toFixed(2)}×` : '—');
const table = (c) => {
  const tfjs = best(c, 'tfjs');
  const pytorch = best(c, 'pytorch');
  return [
    `| peer | ms per step (median) | tokens/s | speed ÷ fastest tfjs (${tfjs?.peer ?? '—'}) | speed ÷ fastest PyTorch (${pytorch?.peer ?? '—'}) | runs |`,
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...rows.filter((r) => r.case === c.name).map((r) =>
      `| ${r.peer} | ${r.medianMs.toFixed(1)} | ${r.tokensPerSecond.toFixed(0)} | ${ratio(r, tfjs)} | ${ratio(r, pytorch)} | ${r.runs} |`),
  ];
};
const date = new Date().toISOString();
const loadAtEnd = loadavg().map((l) => Number(l.toFixed(2)));
const fastestTessera = best(charLm, 'tessera');
const lines = [
  `# Tessera RNN benchmark, ${date.slice(0, 16).replace('T', ' ')}`,
  '',
  `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.os}; Node ${machine.node}; load average at start ${machine.loadAverage.join(' / ')}, at the end ${loadAtEnd.join(' / ')} (a machine shared with other work: only same-run ratios mean much).`,
  '',
  `- @tessera/core ${tesseraVersion} with @tessera/rnn's LSTM (input projection of all steps in one matmul, then per step one hidden matmul and core's fused lstmGates kernel), TensorFlow.js ${tfjsVersion} (tfjs-layers LSTM, trainOnBatch), PyTorch ${torch.version ?? '—'} (nn.LSTM on CPU, rnn_torch.py).`,
  `- ${charLm.name}: embedding ${charLm.embed}, LSTM ${charLm.layers} layers hidden ${charLm.hidden}, linear to ${charLm.vocab} symbols, batch ${charLm.batch}, sequence ${charLm.seq}, cross-entropy, Adam (lr 1e-3); a step is forward, backward and the update from host tokens to the loss read back; tokens/s = batch · sequence / step time.`,
  `- tfjs: one-hot tokens into a bias-free dense layer (its Embedding cannot train on the wasm backend); Tessera and PyTorch use an embedding.${args.includes('--no-tfjs-cpu') ? ' tfjs cpu left out (--no-tfjs-cpu).' : ''}`,
  `- Medians over interleaved rounds: every peer (Tessera and tfjs in this process, PyTorch in a long-lived child process answering one step per request) runs its steps in each round, after one warm-up step, so all run under the same load. ${torch.skipped ? `PyTorch not run: ${torch.skipped}.` : ''}`,
  '',
  `## ${charLm.name} training step`,
  '',
  ...table(charLm),
  '',
  `Targets (issue 14): at least 10× the faster TensorFlow.js backend (now ${ratio(fastestTessera, best(charLm, 'tfjs'))}) and at least half of PyTorch CPU's tokens/s (now ${ratio(fastestTessera, best(charLm, 'pytorch'))} of the faster PyTorch run).`,
  '',
  '## A single LSTM layer, forward + backward',
  '',
  'Gradients of Σ output for the input and every weight; zero initial state; batch first.',
];
for (const c of layerCases) lines.push('', `### ${c.name}`, '', ...table(c));
const md = `${lines.join('\n')}\n`;
const dir = join(fileURLToPath(new URL('.', import.meta.url)), 'results');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'rnn-latest.md'), md);
writeFileSync(join(dir, 'rnn-latest.json'), `${JSON.stringify({ date, machine, loadAtEnd, args, charLm, layerCases, rows, torch: { version: torch.version, skipped: torch.skipped } }, null, 2)}\n`);
console.log(`\n${md}`);
process.exit(0);
