// Ops that change a tensor's shape but not the order of its elements: all of them are free
// views of the same storage, except expand, which materialises broadcast copies.
import { view } from '../engine.js';
import { check, fmt } from '../errors.js';
import { broadcastStrides, checkShape, normalizeDim, normalizeDims, sizeOf } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { live } from './args.js';
import { strided } from './strided.js';

/**
 * The same values in a new shape; one dimension may be -1 (inferred).
 * @example reshape(x, [2, -1])
 */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  live('reshape', x);
  check(Array.isArray(shape), 'reshape', () => `shape must be an array of integers, got ${String(shape)}`);
  const inferred = shape.filter((d) => d === -1).length;
  check(inferred <= 1, 'reshape', () => `only one dimension can be -1, got ${fmt(shape)}`);
  check(shape.every((d) => Number.isInteger(d) && d >= -1), 'reshape', () => `invalid shape ${fmt(shape)}`);
  const known = sizeOf(shape.filter((d) => d !== -1));
  let out = [...shape];
  if (inferred === 1) {
    check(known !== 0 && x.size % known === 0, 'reshape', () => `shape ${fmt(shape)} is invalid for input of size ${x.size}`);
    out = shape.map((d) => (d === -1 ? x.size / known : d));
  }
  check(sizeOf(out) === x.size, 'reshape', () => `shape ${fmt(shape)} is invalid for input of size ${x.size} (shape ${fmt(x.shape)})`);
  return view(x, out);
}

/**
 * Merges dimensions `startDim`..`endDim` into one.
 * @example flatten(images, 1) // [N, C, H, W] → [N, C*H*W]
 */
export function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
  live('flatten', x);
  if (x.ndim === 0) return view(x, [1]);
  const start = normalizeDim('flatten', startDim, x.ndim);
  const end = normalizeDim('flatten', endDim, x.ndim);
  check(start <= end, 'flatten', () => `startDim ${startDim} comes after endDim ${endDim} for shape ${fmt(x.shape)}`);
  const shape = [...x.shape.slice(0, start), sizeOf(x.shape.slice(start, end + 1)), ...x.shape.slice(end + 1)];
  return view(x, shape);
}

/**
 * Removes dimensions of size 1: all of them, or those in `dim` (others are left as they are).
 * @example squeeze(x, 0)
 */
export function squeeze(x: Tensor, dim?: number | readonly number[]): Tensor {
  live('squeeze', x);
  const dims = new Set(dim === undefined ? x.shape.map((_, i) => i) : normalizeDims('squeeze', dim, x.ndim));
  return view(x, x.shape.filter((d, i) => !(dims.has(i) && d === 1)));
}

/**
 * Inserts a dimension of size 1 at `dim` (which may be -1 for the end).
 * @example unsqueeze(x, 0) // [3] → [1, 3]
 */
export function unsqueeze(x: Tensor, dim: number): Tensor {
  live('unsqueeze', x);
  const d = normalizeDim('unsqueeze', dim, x.ndim + 1);
  return view(x, [...x.shape.slice(0, d), 1, ...x.shape.slice(d)]);
}

/**
 * Broadcasts size-1 dimensions (and new leading ones) to `shape`; -1 keeps a size.
 * @example expand(tensor([[1], [2]]), [2, 3])
 */
export function expand(x: Tensor, shape: readonly number[]): Tensor {
  live('expand', x);
  check(Array.isArray(shape) && shape.length >= x.ndim, 'expand', () =>
    `target shape ${fmt(shape)} must have at least as many dimensions as the input ${fmt(x.shape)}`);
  const lead = shape.length - x.ndim;
  const out = shape.map((d, i) => {
    if (i < lead) {
      check(d >= 0 && Number.isInteger(d), 'expand', () => `new leading dimension ${i} must be a non-negative size, got ${d} in ${fmt(shape)}`);
      return d;
    }
    const own = x.shape[i - lead];
    const size = d === -1 ? own : d;
    check(size === own || own === 1, 'expand', () =>
      `cannot expand ${fmt(x.shape)} to ${fmt(shape)}: dimension ${i} has size ${own}, which is not 1`);
    return size;
  });
  checkShape('expand', out);
  return strided(x, out, broadcastStrides(x.shape, out), 0);
}
