// Where Tessera's encoder forward spends its time: each kind of op it runs, at the shapes it
// runs them, timed alone (inside noGrad, median of a few runs) and multiplied by how often one
// forward runs it; what the ops alone do not explain is per-op overhead, views and the
// copies this list leaves out.
import * as core from '@tessera/core';
import { noGrad } from '@tessera/autograd';
import { values } from './cases.mjs';
import { median } from './timing.mjs';
import { ENCODER } from './encoder-models.mjs';

/** The op kinds of one pre-norm layer at sequence length `L`: name, how many per layer, and a thunk that runs one. */
function layerOps(L) {
  const { dModel: E, nhead: H, dimFeedforward: F } = ENCODER;
  const t = (shape, seed) => core.tensor(values(shape.reduce((a, b) => a * b, 1), seed)).reshape(shape);
  const x = t([1, L, E], 1);
  const hidden = t([1, L, F], 2);
  const w = { qkv: t([3 * E, E], 3), out: t([E, E], 4), up: t([F, E], 5), down: t([E, F], 6) };
  const gamma = t([E], 7);
  const heads = t([1, H, L, E / H], 8);
  const linear = (input, weight) => () => core.add(core.matmul(input, core.transpose(weight, 0, 1)), weight.shape[0] === E ? gamma : 0);
  const ops = [
    { name: `linear [${L},${E}]×[${E},${3 * E}] (in_proj)`, count: 1, run: linear(x, w.qkv) },
    { name: `linear [${L},${E}]×[${E},${E}] (out_proj)`, count: 1, run: linear(x, w.out) },
    { name: `linear [${L},${E}]×[${E},${F}] (linear1)`, count: 1, run: linear(x, w.up) },
    { name: `linear [${L},${F}]×[${F},${E}] (linear2)`, count: 1, run: linear(hidden, w.down) },
    { name: `scaledDotProductAttention causal [1,${H},${L},${E / H}]`, count: 1, run: () => core.scaledDotProductAttention(heads, heads, heads, { isCausal: true }) },
    { name: `layerNorm [1,${L},${E}]`, count: 2, run: () => core.layerNorm(x, [E], gamma, gamma) },
    { name: `gelu [1,${L},${F}]`, count: 1, run: () => core.gelu(hidden) },
    { name: `residual add [1,${L},${E}]`, count: 2, run: () => core.add(x, x) },
    { name: `head merge: permute [1,${H},${L},${E / H}] → [1,${L},${E}]`, count: 1, run: () => core.reshape(core.permute(heads, [0, 2, 1, 3]), [1, L, E]) },
  ];
  return { ops, dispose: () => [x, hidden, gamma, heads, ...Object.values(w)].forEach((u) => u.dispose()) };
}

/**
 * Times each op kind of the encoder's forward at length `L` on the active backend;
 * `forwardMs` is the measured full forward, for the share the ops leave unexplained.
 * Returns rows `{ name, count, ms, totalMs, share }` plus `{ name: 'overhead', ... }`.
 */
export async function profileForward(L, forwardMs, repeats = 5) {
  const { ops, dispose } = layerOps(L);
  const rows = [];
  for (const op of ops) {
    const samples = [];
    for (let i = 0; i < repeats; i++) {
      const t0 = performance.now();
      const out = noGrad(() => core.tidy(op.run));
      await out.data();
      samples.push(performance.now() - t0);
      out.dispose();
    }
    const ms = median(samples);
    const totalMs = ms * op.count * ENCODER.numLayers;
    rows.push({ name: op.name, count: op.count * ENCODER.numLayers, ms, totalMs, share: totalMs / forwardMs });
  }
  dispose();
  const explained = rows.reduce((s, r) => s + r.totalMs, 0);
  rows.push({ name: 'rest: final norm, views, per-op overhead (forward − the above)', count: 1, ms: forwardMs - explained, totalMs: forwardMs - explained, share: 1 - explained / forwardMs });
  return rows;
}
