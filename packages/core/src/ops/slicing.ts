// Taking parts of a tensor (slice, narrow), tiling it (repeat) and masking triangles.
import { runKernel, tidy } from '../engine.js';
import { check, fmt } from '../errors.js';
import { normalizeDim, stridesOf } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { fromValues } from '../engine.js';
import { live, scalarLike } from './args.js';
import { expand, reshape } from './reshape.js';
import { strided } from './strided.js';

/**
 * Elements `start`, `start + step`, ... before `end` along `dim`, with Python's slicing rules
 * (negative indices count from the end, bounds are clamped).
 * @example slice(x, 1, 0, -1, 2) // x[:, 0:-1:2]
 */
export function slice(x: Tensor, dim: number, start: number, end?: number, step = 1): Tensor {
  live('slice', x);
  const d = normalizeDim('slice', dim, x.ndim);
  check(Number.isInteger(step) && step > 0, 'slice', () => `step must be a positive integer, got ${step}`);
  check(Number.isInteger(start) && (end === undefined || Number.isInteger(end)), 'slice', () => `start and end must be integers, got ${start}, ${end}`);
  const n = x.shape[d];
  const clampIndex = (i: number) => Math.min(Math.max(i < 0 ? i + n : i, 0), n);
  const s = clampIndex(start);
  const e = end === undefined ? n : clampIndex(end);
  const length = Math.max(0, Math.ceil((e - s) / step));
  const strides = stridesOf(x.shape);
  const shape = [...x.shape];
  shape[d] = length;
  const outStrides = [...strides];
  outStrides[d] = strides[d] * step;
  return strided(x, shape, outStrides, length === 0 ? 0 : s * strides[d]);
}

/**
 * `length` elements from `start` along `dim` (start may be negative).
 * @example narrow(x, 0, 1, 2) // x[1:3]
 */
export function narrow(x: Tensor, dim: number, start: number, length: number): Tensor {
  live('narrow', x);
  const d = normalizeDim('narrow', dim, x.ndim);
  const n = x.shape[d];
  check(Number.isInteger(start) && start >= -n && start <= n, 'narrow', () => `start ${start} is out of range for dim ${d} of size ${n}`);
  const s = start < 0 ? start + n : start;
  check(Number.isInteger(length) && length >= 0 && s + length <= n, 'narrow', () =>
    `start (${s}) + length (${length}) exceeds dim ${d} of size ${n} in ${fmt(x.shape)}`);
  return slice(x, d, s, s + length);
}

/**
 * Tiles the tensor `sizes[i]` times along each dimension, as torch.Tensor.repeat.
 * @example repeat(tensor([1, 2]), [2, 2]) // [[1, 2, 1, 2], [1, 2, 1, 2]]
 */
export function repeat(x: Tensor, sizes: readonly number[]): Tensor {
  live('repeat', x);
  check(Array.isArray(sizes) && sizes.length >= x.ndim, 'repeat', () =>
    `sizes ${JSON.stringify(sizes)} must have at least as many entries as the input has dimensions ${fmt(x.shape)}`);
  check(sizes.every((s) => Number.isInteger(s) && s >= 0), 'repeat', () => `sizes must be non-negative integers, got ${JSON.stringify(sizes)}`);
  const own = [...new Array<number>(sizes.length - x.ndim).fill(1), ...x.shape];
  return tidy(() => {
    // View as [1, s0, 1, s1, ...], broadcast the 1s to the repeat counts, then merge pairs.
    const interleaved = own.flatMap((s) => [1, s]);
    const target = own.flatMap((s, i) => [sizes[i], s]);
    return reshape(expand(reshape(x, interleaved), target), own.map((s, i) => s * sizes[i]));
  });
}

function triangle(op: 'tril' | 'triu', x: Tensor, k: number): Tensor {
  live(op, x);
  check(x.ndim >= 2, op, () => `expected a tensor of at least 2 dimensions, got ${fmt(x.shape)}`);
  check(Number.isInteger(k), op, () => `diagonal offset k must be an integer, got ${k}`);
  const rows = x.shape[x.ndim - 2];
  const cols = x.shape[x.ndim - 1];
  const mask = new Uint8Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) mask[r * cols + c] = (op === 'tril' ? c - r <= k : c - r >= k) ? 1 : 0;
  }
  return tidy(() => {
    const keepMask = fromValues(mask, [rows, cols], 'bool', x.storage.backend);
    return runKernel('where', [keepMask, x, scalarLike(0, x.dtype, x)], {}, x.shape, x.dtype);
  });
}

/**
 * The lower triangle of the last two dimensions (on and below diagonal `k`), zeros elsewhere.
 * @example tril(ones([3, 3]))
 */
export function tril(x: Tensor, k = 0): Tensor {
  return triangle('tril', x, k);
}

/** The upper triangle of the last two dimensions (on and above diagonal `k`), zeros elsewhere. */
export function triu(x: Tensor, k = 0): Tensor {
  return triangle('triu', x, k);
}
