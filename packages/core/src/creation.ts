// Functions that make tensors from host values: tensor(), zeros, arange, eye, rand...
// Values are built on the host and uploaded to the active backend once.
import { allocArray, isDType, type DType, type TypedArray } from './dtype.js';
import { fromValues } from './engine.js';
import { check, fmt, opError } from './errors.js';
import { integerArray, normalArray, uniformArray } from './random.js';
import { checkShape, sizeOf } from './shape.js';
import { Tensor, type NestedArray } from './tensor.js';

/** Options accepted by the creation functions. */
export interface CreationOptions {
  /** The element type; inferred from the data when omitted. */
  dtype?: DType;
  /** Track operations on this tensor for autograd (float32 only). */
  requiresGrad?: boolean;
}

/** What `tensor()` accepts: a number, nested arrays of numbers or booleans, or a typed array. */
export type TensorData = NestedArray | TypedArray | Float64Array | readonly NestedArray[];

function inferShape(data: unknown): number[] {
  const shape: number[] = [];
  let level: unknown = data;
  while (Array.isArray(level)) {
    shape.push(level.length);
    if (level.length === 0) break;
    level = level[0];
  }
  return shape;
}

function flatten(op: string, data: unknown, shape: number[], dim: number, out: (number | boolean)[]): void {
  if (dim === shape.length) {
    check(typeof data === 'number' || typeof data === 'boolean', op, () => `expected a number or boolean at depth ${dim}, got ${Array.isArray(data) ? 'an array' : typeof data}`);
    out.push(data);
    return;
  }
  check(Array.isArray(data) && data.length === shape[dim], op, () =>
    `nested arrays are ragged: expected length ${shape[dim]} at depth ${dim} (shape ${fmt(shape)}), got ${Array.isArray(data) ? data.length : typeof data}`);
  for (const item of data as unknown[]) flatten(op, item, shape, dim + 1, out);
}

function inferDType(values: readonly (number | boolean)[]): DType {
  if (values.length === 0) return 'float32';
  if (values.every((v) => typeof v === 'boolean')) return 'bool';
  check(values.every((v) => typeof v === 'number'), 'tensor', () => 'data mixes booleans and numbers; pass { dtype } to convert');
  return values.every((v) => Number.isInteger(v)) ? 'int32' : 'float32';
}

/** Converts host numbers to the typed array of `dtype` (float → int truncates, bool is `!= 0`). */
export function toTypedArray(values: ArrayLike<number | boolean>, dtype: DType): TypedArray {
  const out = allocArray(dtype, values.length);
  for (let i = 0; i < values.length; i++) {
    const v = Number(values[i]);
    out[i] = dtype === 'bool' ? (v !== 0 ? 1 : 0) : v;
  }
  return out;
}

function finish(t: Tensor, op: string, options: CreationOptions | undefined): Tensor {
  if (options?.requiresGrad) {
    check(t.dtype === 'float32', op, () => `only float32 tensors can require gradients, got ${t.dtype}`);
    t.requiresGrad = true;
  }
  return t;
}

function checkOptions(op: string, options: CreationOptions | undefined): void {
  if (options?.dtype !== undefined) {
    check(isDType(options.dtype), op, () => `unknown dtype '${String(options.dtype)}' (expected float32, int32 or bool)`);
  }
}

/**
 * Creates a tensor from a number, a boolean, nested arrays or a typed array. The dtype is
 * inferred as torch.tensor does: booleans → bool, integers → int32, otherwise float32.
 * @example tensor([[1.5, 2], [3, 4]]); tensor([1, 2, 3], { dtype: 'float32' });
 */
export function tensor(data: TensorData, options?: CreationOptions): Tensor {
  checkOptions('tensor', options);
  let values: ArrayLike<number | boolean>;
  let shape: number[];
  let inferred: DType;
  if (data instanceof Tensor) throw opError('tensor', 'got a Tensor; use t.clone() to copy one');
  if (ArrayBuffer.isView(data)) {
    values = data as unknown as ArrayLike<number>;
    shape = [values.length];
    inferred = data instanceof Float32Array || data instanceof Float64Array ? 'float32' : 'int32';
  } else {
    shape = inferShape(data);
    const flat: (number | boolean)[] = [];
    flatten('tensor', data, shape, 0, flat);
    values = flat;
    inferred = inferDType(flat);
  }
  const dtype = options?.dtype ?? inferred;
  return finish(fromValues(toTypedArray(values, dtype), shape, dtype), 'tensor', options);
}

function filled(op: string, shape: readonly number[], value: number | boolean, options: CreationOptions | undefined, fallback: DType): Tensor {
  checkShape(op, shape);
  checkOptions(op, options);
  const dtype = options?.dtype ?? fallback;
  const values = allocArray(dtype, sizeOf(shape));
  const v = Number(value);
  values.fill(dtype === 'bool' ? (v !== 0 ? 1 : 0) : v);
  return finish(fromValues(values, shape, dtype), op, options);
}

/** A tensor of zeros (float32 unless `dtype` says otherwise). */
export function zeros(shape: readonly number[], options?: CreationOptions): Tensor {
  return filled('zeros', shape, 0, options, 'float32');
}

/** A tensor of ones (float32 unless `dtype` says otherwise). */
export function ones(shape: readonly number[], options?: CreationOptions): Tensor {
  return filled('ones', shape, 1, options, 'float32');
}

/**
 * A tensor filled with `value`: float32 for numbers, bool for booleans, unless `dtype` is given.
 * @example full([2, 2], 7, { dtype: 'int32' });
 */
export function full(shape: readonly number[], value: number | boolean, options?: CreationOptions): Tensor {
  return filled('full', shape, value, options, typeof value === 'boolean' ? 'bool' : 'float32');
}

/** Zeros with the shape, dtype and backend of `t`. */
export function zerosLike(t: Tensor, options?: CreationOptions): Tensor {
  return likeOf('zerosLike', t, 0, options);
}

/** Ones with the shape, dtype and backend of `t`. */
export function onesLike(t: Tensor, options?: CreationOptions): Tensor {
  return likeOf('onesLike', t, 1, options);
}

/** `value` everywhere, with the shape, dtype and backend of `t`. */
export function fullLike(t: Tensor, value: number | boolean, options?: CreationOptions): Tensor {
  return likeOf('fullLike', t, value, options);
}

function likeOf(op: string, t: Tensor, value: number | boolean, options: CreationOptions | undefined): Tensor {
  check(!t.isDisposed, op, () => `tensor of shape ${fmt(t.shape)} was used after dispose()`);
  checkOptions(op, options);
  const dtype = options?.dtype ?? t.dtype;
  const values = allocArray(dtype, t.size);
  values.fill(Number(value));
  return finish(fromValues(values, t.shape, dtype, t.storage.backend), op, options);
}

/**
 * Values from `start` to `end` (exclusive) in steps of `step`: int32 when all arguments are
 * integers, otherwise float32. `arange(5)` is `arange(0, 5)`.
 * @example arange(5); arange(1, 2, 0.25);
 */
export function arange(start: number, end?: number, step = 1, options?: CreationOptions): Tensor {
  if (end === undefined) [start, end] = [0, start];
  check(step !== 0, 'arange', () => 'step must be non-zero');
  check(Number.isFinite(start) && Number.isFinite(end) && Number.isFinite(step), 'arange', () => `arguments must be finite, got start=${start}, end=${end}, step=${step}`);
  check((end - start) / step >= 0 || start === end, 'arange', () => `upper bound and step sign are inconsistent: start=${start}, end=${end}, step=${step}`);
  checkOptions('arange', options);
  const n = Math.max(0, Math.ceil((end - start) / step));
  const dtype = options?.dtype ?? ([start, end, step].every(Number.isInteger) ? 'int32' : 'float32');
  const values = allocArray(dtype, n);
  for (let i = 0; i < n; i++) values[i] = start + i * step;
  return finish(fromValues(values, [n], dtype), 'arange', options);
}

/**
 * `steps` evenly spaced float32 values from `start` to `end` inclusive.
 * @example linspace(0, 1, 5); // [0, 0.25, 0.5, 0.75, 1]
 */
export function linspace(start: number, end: number, steps: number, options?: CreationOptions): Tensor {
  check(Number.isInteger(steps) && steps >= 0, 'linspace', () => `steps must be a non-negative integer, got ${steps}`);
  checkOptions('linspace', options);
  const values = new Float32Array(steps);
  const step = steps > 1 ? (end - start) / (steps - 1) : 0;
  // Fill from both ends, as PyTorch does, so the last value is exactly `end`.
  const half = steps === 1 ? 1 : Math.floor(steps / 2);
  for (let i = 0; i < steps; i++) values[i] = i < half ? start + step * i : end - step * (steps - 1 - i);
  const dtype = options?.dtype ?? 'float32';
  return finish(fromValues(toTypedArray(values, dtype), [steps], dtype), 'linspace', options);
}

/**
 * An `n`×`m` matrix with ones on the diagonal.
 * @example eye(3); eye(2, 4);
 */
export function eye(n: number, m = n, options?: CreationOptions): Tensor {
  check(Number.isInteger(n) && n >= 0 && Number.isInteger(m) && m >= 0, 'eye', () => `sizes must be non-negative integers, got n=${n}, m=${m}`);
  checkOptions('eye', options);
  const dtype = options?.dtype ?? 'float32';
  const values = allocArray(dtype, n * m);
  for (let i = 0; i < Math.min(n, m); i++) values[i * m + i] = 1;
  return finish(fromValues(values, [n, m], dtype), 'eye', options);
}

/** Uniform random float32 values in [0, 1), from the seeded generator (see manualSeed). */
export function rand(shape: readonly number[], options?: CreationOptions): Tensor {
  checkShape('rand', shape);
  return finish(fromValues(uniformArray(sizeOf(shape)), shape, 'float32'), 'rand', options);
}

/** Standard normal float32 values, from the seeded generator (see manualSeed). */
export function randn(shape: readonly number[], options?: CreationOptions): Tensor {
  checkShape('randn', shape);
  return finish(fromValues(normalArray(sizeOf(shape)), shape, 'float32'), 'randn', options);
}

/**
 * Random int32 values uniform in [low, high).
 * @example randint(0, 10, [3]);
 */
export function randint(low: number, high: number, shape: readonly number[]): Tensor {
  check(Number.isInteger(low) && Number.isInteger(high) && high > low, 'randint', () => `expected integers low < high, got low=${low}, high=${high}`);
  checkShape('randint', shape);
  return fromValues(integerArray(low, high, sizeOf(shape)), shape, 'int32');
}
