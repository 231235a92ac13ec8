// The tensors a decoding state holds, and who frees them. The decoders own what a step
// returns; when a step or a selection replaces the state, the tensors that are no longer in
// it are freed, except the caller's initial state, so that decoding holds a flat count.
import { indexSelect, Tensor, tensor, tidy } from '@tessera/core';
import { noGrad } from '@tessera/autograd';
import type { SelectState, StepFunction } from './types.js';

/** Every tensor in a state of tensors, arrays and plain objects (the values `tidy` looks into). */
export function stateTensors(state: unknown, into: Set<Tensor> = new Set()): Set<Tensor> {
  if (isTensor(state)) into.add(state);
  else if (Array.isArray(state)) for (const value of state) stateTensors(value, into);
  else if (isPlainObject(state)) for (const value of Object.values(state)) stateTensors(value, into);
  return into;
}

/**
 * The default `SelectState`: row j of every tensor in the result is row `indices[j]` (dim 0)
 * of the same tensor in `state`; arrays and plain objects keep their layout, other values are
 * kept as they are. Every tensor must have the hypotheses on dim 0.
 * @example selectStateRows({ h, c }, Int32Array.of(0, 0, 2)); // { h: h[[0,0,2]], c: c[[0,0,2]] }
 */
export function selectStateRows<S>(state: S, indices: Int32Array): S {
  return tidy(() => {
    const index = tensor(indices, { dtype: 'int32' });
    return mapTensors(state, (t) => indexSelect(t, 0, index)) as S;
  });
}

function mapTensors(value: unknown, fn: (t: Tensor) => Tensor): unknown {
  if (isTensor(value)) return fn(value);
  if (Array.isArray(value)) return value.map((v) => mapTensors(v, fn));
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapTensors(v, fn)]));
  return value;
}

function isTensor(value: unknown): value is Tensor {
  return value instanceof Tensor;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

/**
 * Runs a step function for a decoder and keeps its state: calls the step inside noGrad and
 * tidy, reads the log-probabilities back, and frees every replaced state tensor it owns.
 * Not exported from the package.
 */
export class StepRunner<S> {
  private state: S;
  private readonly callerOwned: Set<Tensor>;
  /** The vocabulary size, known after the first step. */
  vocab = 0;

  constructor(
    private readonly op: string,
    private readonly step: StepFunction<S>,
    initialState: S,
    private readonly selectState: SelectState<S> = selectStateRows,
  ) {
    this.state = initialState;
    this.callerOwned = stateTensors(initialState);
  }

  /** Runs one step for `tokens` (one per hypothesis); returns the `[n, vocab]` log-probabilities, row-major. */
  async run(tokens: Int32Array): Promise<Float32Array> {
    const out = noGrad(() => tidy(() => this.step(tokens, this.state)));
    const logProbs = out?.logProbs;
    const n = tokens.length;
    const shapeOk = isTensor(logProbs) && logProbs.ndim === 2 && logProbs.shape[0] === n && logProbs.shape[1] > 0 &&
      logProbs.dtype === 'float32' && (this.vocab === 0 || logProbs.shape[1] === this.vocab);
    if (!shapeOk) {
      const made = stateTensors(out);
      for (const t of stateTensors(this.state)) made.delete(t);
      this.freeOwned(made);
      const got = isTensor(logProbs) ? `${logProbs.dtype} [${logProbs.shape.join(',')}]` : String(logProbs);
      throw new Error(`${this.op}: the step function must return logProbs of shape [${n}, ${this.vocab || 'vocab'}] (float32, one row per token), got ${got}`);
    }
    this.vocab = logProbs.shape[1];
    this.replace(out.state);
    try {
      return (await logProbs.data()) as Float32Array;
    } finally {
      if (!this.callerOwned.has(logProbs)) logProbs.dispose();
    }
  }

  /** Keeps hypotheses `indices` of the state, in that order (rows may repeat). */
  select(indices: Int32Array): void {
    this.replace(noGrad(() => tidy(() => this.selectState(this.state, indices))));
  }

  /** Frees every state tensor the decoder owns; the runner is not used afterwards. */
  dispose(): void {
    this.freeOwned(stateTensors(this.state));
    this.state = undefined as S;
  }

  private replace(next: S): void {
    const kept = stateTensors(next);
    const old = stateTensors(this.state);
    for (const t of kept) old.delete(t);
    this.freeOwned(old);
    this.state = next;
  }

  private freeOwned(tensors: Set<Tensor>): void {
    for (const t of tensors) if (!this.callerOwned.has(t)) t.dispose();
  }
}
