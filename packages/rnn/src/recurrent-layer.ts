// RecurrentLayer: what RNN, LSTM, GRU and the LSTM variants share. Parameters under PyTorch's
// keys and initialisation, input and state checks, packed and padded inputs, and the loop that
// makes the recurrence cheap: each layer-direction projects the inputs of ALL time steps in one
// matmul (with both biases where the kind allows, see splitBiases), then runs one hidden matmul
// and one fused gate step per time step, on a batch that shrinks as packed sequences end.
// Backward joins the per-step slices' gradients in one concat (autograd), so one all-steps
// matmul beat a per-step input matmul in the char-LM bench (apps/bench/rnn.mjs).
import { add, cat, dropout, indexSelect, matmul, narrow, reshape, squeeze, stack, tensor, transpose, unsqueeze, zeros, type Tensor } from '@tessera/core';
import { Module, init } from '@tessera/layers';
import { check, checkProbability, checkShape, checkSize, fmt } from './args.js';
import { isPackedSequence, offsetsOf, type PackedSequence } from './packed.js';
import { splitBiases, type Recurrence, type StepWeights } from './recurrence.js';

/** Options shared by every multi-layer recurrent module. */
export interface RecurrentOptions {
  /** Stacked layers; layer k > 0 reads layer k−1's output. Default 1. */
  numLayers?: number;
  /** Learn `bias_ih` and `bias_hh`. Default true. */
  bias?: boolean;
  /** Inputs and outputs are `[B, T, F]` rather than `[T, B, F]` (the state stays `[L·D, B, H]`). Default false. */
  batchFirst?: boolean;
  /** Dropout on each layer's output except the last, in training mode. Default 0. */
  dropout?: number;
  /** Also run each layer backwards in time and concatenate both outputs. Default false. */
  bidirectional?: boolean;
}

/** A recurrent module's input: a padded tensor or a PackedSequence. */
export type RecurrentInput = Tensor | PackedSequence;

/** One layer-direction's parameter keys. */
interface Keys {
  wih: string;
  whh: string;
  bih: string;
  bhh: string;
  whr: string;
  extra: string[];
}

/** The input as the loops see it: time-major packed rows and how to shape the output back. */
interface Flat {
  data: Tensor;
  batchSizes: readonly number[];
  packed: PackedSequence | null;
  /** Padded input: [T, B] (time-major) for reshaping the output; unbatched: no batch dim. */
  T: number;
  unbatched: boolean;
}

/**
 * The base class of the multi-layer recurrent modules (not constructed directly). Parameters
 * per layer k and direction (suffix `_reverse` backwards): `weight_ih_l{k}` `[G·H, in]`,
 * `weight_hh_l{k}` `[G·H, Hout]`, `bias_ih_l{k}`, `bias_hh_l{k}` `[G·H]`, then the kind's own
 * vectors `[H]`, then (LSTM with projSize) `weight_hr_l{k}` `[projSize, H]`; all start as
 * U(−1/√H, 1/√H), as PyTorch.
 */
export abstract class RecurrentLayer extends Module {
  /** Stacked layers. */
  readonly numLayers: number;
  /** Whether `bias_ih`/`bias_hh` exist. */
  readonly bias: boolean;
  /** Whether inputs and outputs are batch-first. */
  readonly batchFirst: boolean;
  /** Dropout between layers. */
  readonly dropout: number;
  /** Whether each layer also runs backwards. */
  readonly bidirectional: boolean;
  /** The width of h: projSize when set, else hiddenSize. */
  readonly outputHidden: number;
  readonly #keys: Keys[][] = [];

  /**
   * @param name the layer's name in errors
   * @param recurrence the kind of step
   * @param projSize LSTM's projection width (0: none)
   */
  protected constructor(
    protected readonly name: string,
    protected readonly recurrence: Recurrence,
    readonly inputSize: number,
    readonly hiddenSize: number,
    options: RecurrentOptions,
    readonly projSize = 0,
  ) {
    super();
    const { numLayers = 1, bias = true, batchFirst = false, dropout: p = 0, bidirectional = false } = options;
    checkSize(name, 'inputSize', inputSize);
    checkSize(name, 'hiddenSize', hiddenSize);
    checkSize(name, 'numLayers', numLayers);
    checkProbability(name, 'dropout', p);
    check(Number.isInteger(projSize) && projSize >= 0 && projSize < hiddenSize, name, () =>
      `projSize must be an integer in [0, hiddenSize=${hiddenSize}), got ${projSize}`);
    this.numLayers = numLayers;
    this.bias = bias;
    this.batchFirst = batchFirst;
    this.dropout = p;
    this.bidirectional = bidirectional;
    this.outputHidden = projSize > 0 ? projSize : hiddenSize;
    const gateRows = recurrence.gates * hiddenSize;
    const bound = 1 / Math.sqrt(hiddenSize);
    const param = (key: string, shape: number[]) => this.registerParameter(key, init.uniform(zeros(shape), -bound, bound));
    for (let layer = 0; layer < numLayers; layer++) {
      const layerInput = layer === 0 ? inputSize : this.outputHidden * this.numDirections;
      const perDirection: Keys[] = [];
      for (const suffix of bidirectional ? ['', '_reverse'] : ['']) {
        const at = (prefix: string) => `${prefix}_l${layer}${suffix}`;
        const keys: Keys = { wih: at('weight_ih'), whh: at('weight_hh'), bih: at('bias_ih'), bhh: at('bias_hh'), whr: at('weight_hr'), extra: recurrence.extraParameters.map(at) };
        param(keys.wih, [gateRows, layerInput]);
        param(keys.whh, [gateRows, this.outputHidden]);
        if (bias) {
          param(keys.bih, [gateRows]);
          param(keys.bhh, [gateRows]);
        }
        for (const key of keys.extra) param(key, [hiddenSize]);
        if (projSize > 0) param(keys.whr, [projSize, hiddenSize]);
        perDirection.push(keys);
      }
      this.#keys.push(perDirection);
    }
  }

  /** 2 when bidirectional, else 1. */
  get numDirections(): number {
    return this.bidirectional ? 2 : 1;
  }

  /**
   * Runs every layer and direction. `input` is `[T, B, inputSize]` (`[B, T, inputSize]` with
   * batchFirst), unbatched `[T, inputSize]`, or a PackedSequence; `state` is the initial
   * `[h_0]` or `[h_0, c_0]` (`[L·D, B, *]`, `[L·D, *]` unbatched; zeros when absent). Returns
   * the top layer's output (packed when the input was) and the final state.
   */
  protected run(input: RecurrentInput, state: Tensor[] | null): [RecurrentInput, Tensor[]] {
    const flat = this.#flatten(input);
    const B = flat.batchSizes[0];
    const sizes = this.#stateShapes(B);
    let initial: Tensor[];
    if (state) {
      const names = this.recurrence.hasCell ? ['h_0', 'c_0'] : ['hx'];
      initial = state.map((s, k) => {
        const shape = flat.unbatched ? [sizes[k][0], sizes[k][2]] : sizes[k];
        checkShape(this.name, names[k], s, shape, `[numLayers·numDirections${flat.unbatched ? '' : ', batch'}, ${k === 0 ? 'hidden (projSize when set)' : 'hiddenSize'}] for input ${this.#describe(input)}`);
        const batched = flat.unbatched ? unsqueeze(s, 1) : s;
        // PyTorch permutes a given state into the packed (sorted) order.
        return flat.packed?.sortedIndices ? indexSelect(batched, 1, indexTensor(flat.packed.sortedIndices)) : batched;
      });
    } else {
      initial = sizes.map((shape) => zeros(shape));
    }
    let x = flat.data;
    const finals: Tensor[][] = initial.map(() => []);
    for (let layer = 0; layer < this.numLayers; layer++) {
      if (layer > 0 && this.dropout > 0 && this.training) x = dropout(x, this.dropout, true);
      const outs: Tensor[] = [];
      this.#keys[layer].forEach((keys, d) => {
        const slot = layer * this.numDirections + d;
        const { out, last } = this.#direction(x, flat.batchSizes, initial.map((s) => squeeze(narrow(s, 0, slot, 1), 0)), keys, d === 1);
        outs.push(out);
        last.forEach((s, k) => finals[k].push(s));
      });
      x = outs.length === 1 ? outs[0] : cat(outs, 1);
    }
    const unsorted = flat.packed?.unsortedIndices;
    const final = finals.map((list) => {
      const stacked = stack(list, 0);
      const ordered = unsorted ? indexSelect(stacked, 1, indexTensor(unsorted)) : stacked;
      return flat.unbatched ? squeeze(ordered, 1) : ordered;
    });
    return [this.#unflatten(x, flat), final];
  }

  /** `[L·D, B, Hout]` for h, and `[L·D, B, H]` for c. */
  #stateShapes(B: number): number[][] {
    const slots = this.numLayers * this.numDirections;
    const h = [slots, B, this.outputHidden];
    return this.recurrence.hasCell ? [h, [slots, B, this.hiddenSize]] : [h];
  }

  #describe(input: RecurrentInput): string {
    return isPackedSequence(input) ? `PackedSequence(data ${fmt(input.data.shape)}, batchSizes ${fmt(input.batchSizes)})` : fmt(input.shape);
  }

  #flatten(input: RecurrentInput): Flat {
    const feature = `expected ${this.inputSize} input features (inputSize)`;
    if (isPackedSequence(input)) {
      const { data } = input;
      check(data.dtype === 'float32' && data.ndim === 2 && data.shape[1] === this.inputSize, this.name, () =>
        `${feature}: the PackedSequence's data must be float32 [N, ${this.inputSize}], got ${data.dtype} ${fmt(data.shape)}`);
      return { data, batchSizes: input.batchSizes, packed: input, T: input.batchSizes.length, unbatched: false };
    }
    check(input.dtype === 'float32' && (input.ndim === 2 || input.ndim === 3), this.name, () =>
      `input must be float32 [T, B, ${this.inputSize}]${this.batchFirst ? ' (batchFirst: [B, T, F])' : ''} or unbatched [T, ${this.inputSize}], got ${input.dtype} ${fmt(input.shape)}`);
    check(input.shape[input.ndim - 1] === this.inputSize, this.name, () => `${feature} in the last dimension, got input of shape ${fmt(input.shape)}`);
    const unbatched = input.ndim === 2;
    const timeMajor = unbatched ? unsqueeze(input, 1) : this.batchFirst ? transpose(input, 0, 1) : input;
    const [T, B] = timeMajor.shape;
    check(T > 0 && B > 0, this.name, () => `input must have at least one step and one sequence, got shape ${fmt(input.shape)}`);
    return { data: reshape(timeMajor, [T * B, this.inputSize]), batchSizes: new Array<number>(T).fill(B), packed: null, T, unbatched };
  }

  #unflatten(out: Tensor, flat: Flat): RecurrentInput {
    if (flat.packed) return { ...flat.packed, data: out };
    const width = out.shape[1];
    const timeMajor = reshape(out, [flat.T, flat.batchSizes[0], width]);
    if (flat.unbatched) return squeeze(timeMajor, 1);
    return this.batchFirst ? transpose(timeMajor, 0, 1) : timeMajor;
  }

  /** The weights of one layer-direction, transposed for `x Wᵀ`; `bhh` the step's share of the biases. */
  #weights(keys: Keys, bhh: Tensor | null): StepWeights {
    const whr = this.getOptionalParameter(keys.whr);
    return {
      whhT: transpose(this.getParameter(keys.whh), 0, 1),
      bhh,
      whrT: whr ? transpose(whr, 0, 1) : null,
      extra: keys.extra.map((k) => this.getParameter(k)),
    };
  }

  /**
   * One layer-direction over packed rows `x` `[N, in]`: all input projections at once, then
   * the steps (backwards for the reverse direction). Forwards, the batch shrinks at the end of
   * each sequence and the rows that stop are that sequence's final state; backwards, it grows
   * as sequences begin, each starting from its initial state. `state0` is `[B, *]` per part.
   */
  #direction(x: Tensor, batchSizes: readonly number[], state0: Tensor[], keys: Keys, reverse: boolean): { out: Tensor; last: Tensor[] } {
    const bias = splitBiases(this.recurrence, this.getOptionalParameter(keys.bih), this.getOptionalParameter(keys.bhh));
    const projected = matmul(x, transpose(this.getParameter(keys.wih), 0, 1));
    const gi = bias.input ? add(projected, bias.input) : projected;
    const w = this.#weights(keys, bias.hidden);
    const T = batchSizes.length;
    const offsets = offsetsOf(batchSizes);
    const outs = new Array<Tensor>(T);
    if (!reverse) {
      let state = state0;
      const ended: Tensor[][] = state0.map(() => []);
      for (let t = 0; t < T; t++) {
        const bs = batchSizes[t];
        const running = state[0].shape[0];
        if (bs < running) {
          state.forEach((s, k) => ended[k].push(narrow(s, 0, bs, running - bs)));
          state = state.map((s) => narrow(s, 0, 0, bs));
        }
        state = this.recurrence.step(narrow(gi, 0, offsets[t], bs), state, w);
        outs[t] = state[0];
      }
      // Sequences that ran longest are first; those that ended earlier follow, latest first.
      return { out: cat(outs, 0), last: state.map((s, k) => (ended[k].length ? cat([s, ...ended[k].reverse()], 0) : s)) };
    }
    let state = state0.map((s) => narrow(s, 0, 0, batchSizes[T - 1]));
    for (let t = T - 1; t >= 0; t--) {
      const bs = batchSizes[t];
      const running = state[0].shape[0];
      if (bs > running) state = state.map((s, k) => cat([s, narrow(state0[k], 0, running, bs - running)], 0));
      state = this.recurrence.step(narrow(gi, 0, offsets[t], bs), state, w);
      outs[t] = state[0];
    }
    return { out: cat(outs, 0), last: state };
  }
}

/** int32 indices for indexSelect. */
function indexTensor(indices: readonly number[]): Tensor {
  return tensor(Int32Array.from(indices), { dtype: 'int32' });
}
