// Shape arithmetic shared by op definitions and every backend: sizes, strides,
// broadcasting and dimension normalisation with PyTorch's rules.
import { check, fmt, opError } from './errors.js';

/** Number of elements of a shape (1 for a scalar). */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Row-major (C-contiguous) strides of a shape. */
export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  return strides;
}

export function shapesEqual(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The broadcast of two shapes (NumPy/PyTorch rules), or an error naming the op. */
export function broadcastShapes(op: string, a: readonly number[], b: readonly number[]): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw opError(op, `shapes ${fmt(a)} and ${fmt(b)} cannot be broadcast together (dim ${i}: ${da} vs ${db})`);
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/**
 * Strides that read a tensor of `shape` as if it had been broadcast to `outShape`:
 * broadcast dimensions get stride 0.
 */
export function broadcastStrides(shape: readonly number[], outShape: readonly number[]): number[] {
  const strides = stridesOf(shape);
  const offset = outShape.length - shape.length;
  const out = new Array<number>(outShape.length).fill(0);
  for (let i = 0; i < shape.length; i++) out[offset + i] = shape[i] === 1 ? 0 : strides[i];
  return out;
}

/** Turns a possibly negative dim into an index in [0, ndim), or throws. */
export function normalizeDim(op: string, dim: number, ndim: number): number {
  check(Number.isInteger(dim), op, () => `dim must be an integer, got ${dim}`);
  const lo = ndim === 0 ? -1 : -ndim;
  const hi = ndim === 0 ? 0 : ndim - 1;
  check(dim >= lo && dim <= hi, op, () => `dim ${dim} is out of range for a tensor of ${ndim} dimension(s) (expected ${lo}..${hi})`);
  return dim < 0 ? dim + Math.max(ndim, 1) : dim;
}

/** Normalises a dim or list of dims, sorted and without repeats (an error on repeats). */
export function normalizeDims(op: string, dims: number | readonly number[] | undefined, ndim: number): number[] {
  if (dims === undefined) return Array.from({ length: ndim }, (_, i) => i);
  const list = typeof dims === 'number' ? [dims] : [...dims];
  if (list.length === 0) return Array.from({ length: ndim }, (_, i) => i);
  const out = list.map((d) => normalizeDim(op, d, ndim));
  const seen = new Set<number>();
  for (const d of out) {
    check(!seen.has(d), op, () => `dim ${d} appears more than once in [${list.join(',')}]`);
    seen.add(d);
  }
  // A 0-d tensor reduces over "dim 0" to itself.
  return out.filter((d) => d < ndim).sort((a, b) => a - b);
}

/** Checks that a shape is a list of non-negative integers. */
export function checkShape(op: string, shape: readonly number[]): void {
  check(Array.isArray(shape), op, () => `shape must be an array of integers, got ${String(shape)}`);
  for (const d of shape) {
    check(Number.isInteger(d) && d >= 0, op, () => `shape ${fmt(shape)} must hold non-negative integers`);
  }
}

/** A size given for both spatial dimensions at once (`3`) or for each (`[3, 1]`). */
export type IntOrPair = number | readonly number[];

/** Reads `n`, `[n]` or `[a, b]` as a pair, as PyTorch's _pair does. */
export function pair(op: string, name: string, value: IntOrPair): [number, number] {
  const p = typeof value === 'number' ? [value, value] : value.length === 1 ? [value[0], value[0]] : [...value];
  check(p.length === 2 && p.every((v) => Number.isInteger(v)), op, () => `${name} must be an integer or a pair of integers, got ${JSON.stringify(value)}`);
  return [p[0], p[1]];
}

/** The sizes of a batched product `op(a)[..., M, K] @ op(b)[..., K, N]`, op transposing the last two axes when asked. */
export interface MatmulGeometry {
  m: number;
  k: number;
  n: number;
  /** The operands' batch shapes and the broadcast batch shape of the output. */
  batchA: number[];
  batchB: number[];
  batch: number[];
  batches: number;
}

/** Reads a matmul kernel's sizes off its operands' shapes (which the op has already checked). */
export function matmulGeometry(a: readonly number[], b: readonly number[], transposeA: boolean, transposeB: boolean): MatmulGeometry {
  const [m, k] = transposeA ? [a[a.length - 1], a[a.length - 2]] : [a[a.length - 2], a[a.length - 1]];
  const n = transposeB ? b[b.length - 2] : b[b.length - 1];
  const batchA = a.slice(0, -2);
  const batchB = b.slice(0, -2);
  const batch = broadcastShapes('matmul', batchA, batchB);
  return { m, k, n, batchA, batchB, batch, batches: sizeOf(batch) };
}
