// What distinguishes the recurrent kinds: how many gate blocks the weights hold, which state
// they carry and one time step of the recurrence (LSTM's and GRU's on core's fused gate
// kernels, lstmGates and gruGates; the variants composed from core ops). The layer modules (RNN, LSTM, GRU and the
// LSTM variants) and the cells share the loops and the parameters; only this step differs.
import { add, gruGates, lstmGates, matmul, mul, narrow, relu, sigmoid, sub, tanh, type Tensor } from '@tessera/core';

/** One layer-direction's (or one cell's) weights as a step uses them, transposed once per forward. */
export interface StepWeights {
  /** `weight_hhᵀ` `[hiddenOut, G·H]`. */
  whhT: Tensor;
  /** `bias_hh` `[G·H]` when the step adds it (see splitBiases), else null. */
  bhh: Tensor | null;
  /** `weight_hrᵀ` `[H, projSize]` (LSTM with projSize), else null. */
  whrT: Tensor | null;
  /** The kind's own parameters (the peephole vectors), in `extraParameters` order. */
  extra: Tensor[];
}

/** One kind of recurrence. */
export interface Recurrence {
  /** Gate blocks in weight_ih / weight_hh (RNN 1, GRU 3, LSTM 4, coupled LSTM 3). */
  readonly gates: number;
  /** Whether the state is `[h, c]` (LSTM kinds) rather than `h`. */
  readonly hasCell: boolean;
  /** Whether `bias_hh` must stay in the step (GRU: `b_hn` sits inside the reset gate's product). */
  readonly hiddenBiasInStep: boolean;
  /** Per-layer parameters beyond PyTorch's four: name prefix (before `_l{k}`) and length H. */
  readonly extraParameters: readonly string[];
  /**
   * One step: `gi` `[b, G·H]` is the input projection with its bias (splitBiases), `state` `[h]` or `[h, c]`
   * (b rows); returns the new state.
   */
  step(gi: Tensor, state: readonly Tensor[], w: StepWeights): Tensor[];
}

/**
 * Splits the biases between the input projection and the step. A kind whose gates see only
 * `gi + gh` takes `b_ih + b_hh` once on the input side, which saves an add (and its gradient)
 * per time step; GRU keeps `b_hh` in the step.
 */
export function splitBiases(r: Recurrence, bih: Tensor | null, bhh: Tensor | null): { input: Tensor | null; hidden: Tensor | null } {
  if (r.hiddenBiasInStep || !bih || !bhh) return { input: bih, hidden: bhh };
  return { input: add(bih, bhh), hidden: null };
}

/** `h W_hhᵀ + b_hh`. */
function hiddenProjection(h: Tensor, w: StepWeights): Tensor {
  const gh = matmul(h, w.whhT);
  return w.bhh ? add(gh, w.bhh) : gh;
}

/** The `k`-th of the `n` equal blocks of `x`'s columns. */
function block(x: Tensor, k: number, n: number): Tensor {
  const h = x.shape[1] / n;
  return narrow(x, 1, k * h, h);
}

/** Elman RNN: `h = act(gi + h W_hhᵀ + b_hh)` with tanh or relu. */
export function elman(nonlinearity: 'tanh' | 'relu'): Recurrence {
  const act = nonlinearity === 'tanh' ? tanh : relu;
  return {
    gates: 1,
    hasCell: false,
    hiddenBiasInStep: false,
    extraParameters: [],
    step: (gi, [h], w) => [act(add(gi, hiddenProjection(h, w)))],
  };
}

/** PyTorch's LSTM (gates i|f|g|o), with the optional projection `h = W_hr h`. */
export const lstm: Recurrence = {
  gates: 4,
  hasCell: true,
  hiddenBiasInStep: false,
  extraParameters: [],
  step(gi, [h, c], w) {
    const [hNew, cNew] = lstmGates(add(gi, hiddenProjection(h, w)), c);
    return [w.whrT ? matmul(hNew, w.whrT) : hNew, cNew];
  },
};

/** PyTorch's GRU (gates r|z|n, `b_hn` inside the reset product). */
export const gru: Recurrence = {
  gates: 3,
  hasCell: false,
  hiddenBiasInStep: true,
  extraParameters: [],
  step: (gi, [h], w) => [gruGates(gi, hiddenProjection(h, w), h)],
};

/**
 * Gers & Schmidhuber's peephole LSTM (gates i|f|g|o): `i = σ(a_i + w_ci⊙c_{t−1})`,
 * `f = σ(a_f + w_cf⊙c_{t−1})`, `c_t = f⊙c_{t−1} + i⊙tanh(a_g)`, `o = σ(a_o + w_co⊙c_t)`,
 * `h = o⊙tanh(c_t)`, where `a = W_ih x + b_ih + W_hh h + b_hh`.
 */
export const peephole: Recurrence = {
  gates: 4,
  hasCell: true,
  hiddenBiasInStep: false,
  extraParameters: ['weight_ci', 'weight_cf', 'weight_co'],
  step(gi, [h, c], w) {
    const a = add(gi, hiddenProjection(h, w));
    const [wci, wcf, wco] = w.extra;
    const i = sigmoid(add(block(a, 0, 4), mul(wci, c)));
    const f = sigmoid(add(block(a, 1, 4), mul(wcf, c)));
    const cNew = add(mul(f, c), mul(i, tanh(block(a, 2, 4))));
    const o = sigmoid(add(block(a, 3, 4), mul(wco, cNew)));
    return [mul(o, tanh(cNew)), cNew];
  },
};

/**
 * The coupled-gate LSTM (gates f|g|o; no input gate): `f = σ(a_f)`,
 * `c_t = f⊙c_{t−1} + (1 − f)⊙tanh(a_g)`, `h = σ(a_o)⊙tanh(c_t)`.
 */
export const coupled: Recurrence = {
  gates: 3,
  hasCell: true,
  hiddenBiasInStep: false,
  extraParameters: [],
  step(gi, [h, c], w) {
    const a = add(gi, hiddenProjection(h, w));
    const f = sigmoid(block(a, 0, 3));
    const cNew = add(mul(f, c), mul(sub(1, f), tanh(block(a, 1, 3))));
    return [mul(sigmoid(block(a, 2, 3)), tanh(cNew)), cNew];
  },
};
