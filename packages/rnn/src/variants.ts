// The study notes' LSTM variants as multi-layer modules with LSTM's interface: PeepholeLSTM
// (Gers & Schmidhuber's peepholes) and CoupledLSTM (input gate = 1 − forget gate).
import type { Tensor } from '@tessera/core';
import { coupled, peephole } from './recurrence.js';
import { RecurrentLayer, type RecurrentInput, type RecurrentOptions } from './recurrent-layer.js';

/**
 * LSTM with peephole connections: `i = σ(a_i + w_ci⊙c_{t−1})`, `f = σ(a_f + w_cf⊙c_{t−1})`,
 * `c_t = f⊙c_{t−1} + i⊙tanh(a_g)`, `o = σ(a_o + w_co⊙c_t)`, `h_t = o⊙tanh(c_t)`, where
 * `a = W_ih x_t + b_ih + W_hh h_{t−1} + b_hh` in LSTM's gate order i|f|g|o. Keys: LSTM's, plus
 * the diagonal peepholes `weight_ci_l{k}`, `weight_cf_l{k}`, `weight_co_l{k}` `[H]` (after the
 * biases), all U(−1/√H, 1/√H) at first.
 * @example
 * const cell = new PeepholeLSTM(8, 16, { numLayers: 2 });
 * const [output, [hN, cN]] = cell.call(x); // x [T, B, 8]
 */
export class PeepholeLSTM extends RecurrentLayer {
  constructor(inputSize: number, hiddenSize: number, options: RecurrentOptions = {}) {
    super('PeepholeLSTM', peephole, inputSize, hiddenSize, options);
  }

  /** As LSTM.forward. */
  forward(input: RecurrentInput, hx: [Tensor, Tensor] | null = null): [RecurrentInput, [Tensor, Tensor]] {
    const [output, [hN, cN]] = this.run(input, hx ? [...hx] : null);
    return [output, [hN, cN]];
  }
}

/**
 * LSTM whose input gate is tied to the forget gate: `f = σ(a_f)`,
 * `c_t = f⊙c_{t−1} + (1 − f)⊙tanh(a_g)`, `h_t = σ(a_o)⊙tanh(c_t)`. Three gate blocks in the
 * order f|g|o, so `weight_ih_l{k}` is `[3H, in]`, `weight_hh_l{k}` `[3H, H]`, the biases `[3H]`.
 * @example
 * const lstm = new CoupledLSTM(8, 16, { batchFirst: true });
 * const [output, [hN, cN]] = lstm.call(x); // x [B, T, 8]
 */
export class CoupledLSTM extends RecurrentLayer {
  constructor(inputSize: number, hiddenSize: number, options: RecurrentOptions = {}) {
    super('CoupledLSTM', coupled, inputSize, hiddenSize, options);
  }

  /** As LSTM.forward. */
  forward(input: RecurrentInput, hx: [Tensor, Tensor] | null = null): [RecurrentInput, [Tensor, Tensor]] {
    const [output, [hN, cN]] = this.run(input, hx ? [...hx] : null);
    return [output, [hN, cN]];
  }
}
