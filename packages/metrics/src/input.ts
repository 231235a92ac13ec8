// Every numeric metric reads its inputs the same way: a Tensor on any backend (through
// `await t.data()`, which every backend supports), a typed array or nested plain arrays
// become float64 values on the host plus a shape. Metrics are cheap next to models, and
// agreeing with scikit-learn to 1e-6 needs float64 arithmetic.
import type { Tensor } from '@tessera/core';
import { fmt, metricError } from './errors.js';

/** Plain inputs: a typed array, or nested arrays of numbers or booleans. */
export type ArrayInput = ArrayLike<number> | readonly boolean[] | readonly ArrayInput[];

/** What every numeric metric accepts: a Tensor on any backend, or plain arrays. */
export type MetricInput = Tensor | ArrayInput;

/** Values read to the host as float64, row-major, with their shape. */
export interface HostArray {
  values: Float64Array;
  shape: number[];
}

/** Whether `x` is a Tensor (checked by its surface, so two copies of core both count). */
export function isTensor(x: unknown): x is Tensor {
  return typeof x === 'object' && x !== null && Array.isArray((x as Tensor).shape) && typeof (x as Tensor).data === 'function';
}

/** Reads a tensor or plain (nested) array into float64 values and a shape. */
export async function readInput(x: MetricInput | number, metric: string, name: string): Promise<HostArray> {
  if (typeof x === 'number') return { values: Float64Array.of(x), shape: [] };
  if (isTensor(x)) return { values: Float64Array.from(await x.data()), shape: [...x.shape] };
  return readNested(x, metric, name);
}

function readNested(x: ArrayInput, metric: string, name: string): HostArray {
  if (ArrayBuffer.isView(x)) return { values: Float64Array.from(x as ArrayLike<number>), shape: [x.length] };
  if (!Array.isArray(x)) throw metricError(metric, `${name} must be a Tensor, a typed array or nested arrays of numbers`);
  const shape: number[] = [];
  for (let level: unknown = x; Array.isArray(level) || ArrayBuffer.isView(level); level = (level as ArrayLike<unknown>)[0]) {
    const length = (level as ArrayLike<unknown>).length;
    shape.push(length);
    if (length === 0) break;
  }
  const values = new Float64Array(shape.reduce((a, b) => a * b, 1));
  let offset = 0;
  const walk = (node: unknown, depth: number): void => {
    if (depth === shape.length) {
      if (typeof node === 'number') values[offset++] = node;
      else if (typeof node === 'boolean') values[offset++] = node ? 1 : 0;
      else if (Array.isArray(node) || ArrayBuffer.isView(node)) throw metricError(metric, `${name} is ragged: an array at depth ${depth}, where its first entries give shape ${fmt(shape)}`);
      else throw metricError(metric, `${name} holds a ${typeof node} where a number was expected`);
      return;
    }
    const isList = Array.isArray(node) || ArrayBuffer.isView(node);
    if (!isList || (node as ArrayLike<unknown>).length !== shape[depth]) {
      throw metricError(metric, `${name} is ragged: expected ${shape[depth]} elements at depth ${depth}, as its first entries give shape ${fmt(shape)}`);
    }
    for (let i = 0; i < shape[depth]; i++) walk((node as ArrayLike<unknown>)[i], depth + 1);
  };
  walk(x, 0);
  return { values, shape };
}

/** Throws unless every value is finite (scores and regression targets). */
export function checkFinite(values: Float64Array, metric: string, name: string): void {
  for (const v of values) {
    if (!Number.isFinite(v)) throw metricError(metric, `${name} contains ${v}; expected finite numbers`);
  }
}

/** Throws unless every value is an integer (class labels and token ids). */
export function checkIntegers(values: Float64Array, metric: string, name: string): void {
  for (const v of values) {
    if (!Number.isInteger(v)) {
      throw metricError(metric, `${name} holds ${v}, which is not a class label; expected integer labels (or, for preds, class scores with one more trailing dimension than target)`);
    }
  }
}

/** Whether two shapes are equal. */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
