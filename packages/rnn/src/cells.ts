// RNNCell, LSTMCell and GRUCell as PyTorch's: one time step, parameters weight_ih, weight_hh,
// bias_ih, bias_hh; the step itself is the layers' (recurrence.ts).
import { add, matmul, squeeze, transpose, unsqueeze, zeros, type Tensor } from '@tessera/core';
import { Module, init } from '@tessera/layers';
import { check, checkShape, checkSize, fmt } from './args.js';
import { elman, gru, lstm, splitBiases, type Recurrence } from './recurrence.js';

/** Options of the cells. */
export interface CellOptions {
  /** Learn `bias_ih` and `bias_hh`. Default true. */
  bias?: boolean;
}

/** Options of RNNCell. */
export interface RNNCellOptions extends CellOptions {
  /** `'tanh'` (default) or `'relu'`. */
  nonlinearity?: 'tanh' | 'relu';
}

/** The cells' shared parameters, checks and step (not exported from the package). */
abstract class Cell extends Module {
  constructor(
    protected readonly where: string,
    protected readonly recurrence: Recurrence,
    readonly inputSize: number,
    readonly hiddenSize: number,
    options: CellOptions,
  ) {
    super();
    checkSize(where, 'inputSize', inputSize);
    checkSize(where, 'hiddenSize', hiddenSize);
    const rows = recurrence.gates * hiddenSize;
    const bound = 1 / Math.sqrt(hiddenSize);
    const param = (key: string, shape: number[]) => this.registerParameter(key, init.uniform(zeros(shape), -bound, bound));
    param('weight_ih', [rows, inputSize]);
    param('weight_hh', [rows, hiddenSize]);
    for (const key of ['bias_ih', 'bias_hh']) {
      if (options.bias === false) this.registerParameter(key, null);
      else param(key, [rows]);
    }
  }

  /** `input` `[B, inputSize]` or `[inputSize]`, state parts `[B, H]` or `[H]` (zeros when absent) → the new state. */
  protected stepOnce(input: Tensor, state: Tensor[] | null): Tensor[] {
    check(input.dtype === 'float32' && (input.ndim === 1 || input.ndim === 2) && input.shape[input.ndim - 1] === this.inputSize, this.where, () =>
      `input must be float32 [batch, ${this.inputSize}] or [${this.inputSize}] (inputSize ${this.inputSize}), got ${input.dtype} ${fmt(input.shape)}`);
    const unbatched = input.ndim === 1;
    const x = unbatched ? unsqueeze(input, 0) : input;
    const B = x.shape[0];
    const names = this.recurrence.hasCell ? ['h_0', 'c_0'] : ['hx'];
    const parts = state
      ? state.map((s, k) => {
          checkShape(this.where, names[k], s, unbatched ? [this.hiddenSize] : [B, this.hiddenSize], `[batch, hiddenSize] for input ${fmt(input.shape)}`);
          return unbatched ? unsqueeze(s, 0) : s;
        })
      : names.map(() => zeros([B, this.hiddenSize]));
    const bias = splitBiases(this.recurrence, this.getOptionalParameter('bias_ih'), this.getOptionalParameter('bias_hh'));
    const projected = matmul(x, transpose(this.getParameter('weight_ih'), 0, 1));
    const next = this.recurrence.step(bias.input ? add(projected, bias.input) : projected, parts, {
      whhT: transpose(this.getParameter('weight_hh'), 0, 1),
      bhh: bias.hidden,
      whrT: null,
      extra: [],
    });
    return unbatched ? next.map((s) => squeeze(s, 0)) : next;
  }
}

/**
 * One Elman step, as `torch.nn.RNNCell`: `h' = act(W_ih x + b_ih + W_hh h + b_hh)`.
 * @example const cell = new RNNCell(10, 20); let h = cell.call(x0); h = cell.call(x1, h);
 */
export class RNNCell extends Cell {
  constructor(inputSize: number, hiddenSize: number, options: RNNCellOptions = {}) {
    const nonlinearity = options.nonlinearity ?? 'tanh';
    check(nonlinearity === 'tanh' || nonlinearity === 'relu', 'RNNCell', () => `nonlinearity must be 'tanh' or 'relu', got '${nonlinearity}'`);
    super('RNNCell', elman(nonlinearity), inputSize, hiddenSize, options);
  }

  /** `input` `[B, F]` or `[F]`, `hx` `[B, H]` or `[H]` → h'. */
  forward(input: Tensor, hx: Tensor | null = null): Tensor {
    return this.stepOnce(input, hx ? [hx] : null)[0];
  }
}

/**
 * One LSTM step, as `torch.nn.LSTMCell` (gates i|f|g|o).
 * @example const cell = new LSTMCell(10, 20); const [h, c] = cell.call(x, [h0, c0]);
 */
export class LSTMCell extends Cell {
  constructor(inputSize: number, hiddenSize: number, options: CellOptions = {}) {
    super('LSTMCell', lstm, inputSize, hiddenSize, options);
  }

  /** `input` `[B, F]` or `[F]`, `hx` `[h, c]` → `[h', c']`. */
  forward(input: Tensor, hx: [Tensor, Tensor] | null = null): [Tensor, Tensor] {
    const [h, c] = this.stepOnce(input, hx ? [...hx] : null);
    return [h, c];
  }
}

/**
 * One GRU step, as `torch.nn.GRUCell` (gates r|z|n).
 * @example const cell = new GRUCell(10, 20); const h = cell.call(x, h0);
 */
export class GRUCell extends Cell {
  constructor(inputSize: number, hiddenSize: number, options: CellOptions = {}) {
    super('GRUCell', gru, inputSize, hiddenSize, options);
  }

  /** `input` `[B, F]` or `[F]`, `hx` `[B, H]` or `[H]` → h'. */
  forward(input: Tensor, hx: Tensor | null = null): Tensor {
    return this.stepOnce(input, hx ? [hx] : null)[0];
  }
}
