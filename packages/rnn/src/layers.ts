// RNN, LSTM and GRU with PyTorch's constructors, parameter keys, layouts and return values;
// the loops live in RecurrentLayer, the steps in recurrence.ts.
import type { Tensor } from '@tessera/core';
import { check } from './args.js';
import { elman, gru, lstm } from './recurrence.js';
import { RecurrentLayer, type RecurrentInput, type RecurrentOptions } from './recurrent-layer.js';

/** Options of RNN. */
export interface RNNOptions extends RecurrentOptions {
  /** `'tanh'` (default) or `'relu'`. */
  nonlinearity?: 'tanh' | 'relu';
}

/** Options of LSTM. */
export interface LSTMOptions extends RecurrentOptions {
  /** Project h to this width with `weight_hr_l{k}` (0, the default: no projection; must be < hiddenSize). */
  projSize?: number;
}

/**
 * Elman RNN, as `torch.nn.RNN`: `h_t = act(W_ih x_t + b_ih + W_hh h_{t−1} + b_hh)`.
 * @example
 * const rnn = new RNN(10, 20, { numLayers: 2, nonlinearity: 'relu' });
 * const [output, hN] = rnn.call(x); // x [T, B, 10] → [T, B, 20], [2, B, 20]
 */
export class RNN extends RecurrentLayer {
  /** The activation. */
  readonly nonlinearity: 'tanh' | 'relu';

  constructor(inputSize: number, hiddenSize: number, options: RNNOptions = {}) {
    const nonlinearity = options.nonlinearity ?? 'tanh';
    check(nonlinearity === 'tanh' || nonlinearity === 'relu', 'RNN', () => `nonlinearity must be 'tanh' or 'relu', got '${nonlinearity}'`);
    super('RNN', elman(nonlinearity), inputSize, hiddenSize, options);
    this.nonlinearity = nonlinearity;
  }

  /** `input` `[T, B, F]` (batchFirst `[B, T, F]`), unbatched `[T, F]` or packed; `hx` `[L·D, B, H]` → `[output, h_n]`. */
  forward(input: RecurrentInput, hx: Tensor | null = null): [RecurrentInput, Tensor] {
    const [output, [hN]] = this.run(input, hx ? [hx] : null);
    return [output, hN];
  }
}

/**
 * Long short-term memory, as `torch.nn.LSTM` (gates i|f|g|o), with PyTorch's projections.
 * @example
 * const lstm = new LSTM(64, 256, { numLayers: 2, batchFirst: true });
 * const [output, [hN, cN]] = lstm.call(x); // x [B, T, 64] → [B, T, 256], [2, B, 256] twice
 */
export class LSTM extends RecurrentLayer {
  constructor(inputSize: number, hiddenSize: number, options: LSTMOptions = {}) {
    super('LSTM', lstm, inputSize, hiddenSize, options, options.projSize ?? 0);
  }

  /** `input` as RNN's; `hx` `[h_0, c_0]` (`[L·D, B, projSize or H]`, `[L·D, B, H]`) → `[output, [h_n, c_n]]`. */
  forward(input: RecurrentInput, hx: [Tensor, Tensor] | null = null): [RecurrentInput, [Tensor, Tensor]] {
    const [output, [hN, cN]] = this.run(input, hx ? [...hx] : null);
    return [output, [hN, cN]];
  }
}

/**
 * Gated recurrent unit, as `torch.nn.GRU` (gates r|z|n, `b_hn` inside the reset product).
 * @example
 * const gru = new GRU(32, 64, { bidirectional: true });
 * const [output, hN] = gru.call(packPaddedSequence(x, lengths, { enforceSorted: false }));
 */
export class GRU extends RecurrentLayer {
  constructor(inputSize: number, hiddenSize: number, options: RecurrentOptions = {}) {
    super('GRU', gru, inputSize, hiddenSize, options);
  }

  /** As RNN.forward. */
  forward(input: RecurrentInput, hx: Tensor | null = null): [RecurrentInput, Tensor] {
    const [output, [hN]] = this.run(input, hx ? [hx] : null);
    return [output, hN];
  }
}
