// Ops that reorder elements: transpose, permute, flip, roll and rot90. Each is a strided
// view materialised by one stridedCopy (roll joins two slices).
import { tidy } from '../engine.js';
import { check, fmt } from '../errors.js';
import { normalizeDim, normalizeDims, stridesOf } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { live } from './args.js';
import { cat } from './join.js';
import { reshape } from './reshape.js';
import { narrow } from './slicing.js';
import { strided } from './strided.js';

/**
 * Reorders dimensions: output dim i is input dim `dims[i]`.
 * @example permute(images, [0, 2, 3, 1]) // NCHW → NHWC
 */
export function permute(x: Tensor, dims: readonly number[]): Tensor {
  live('permute', x);
  check(Array.isArray(dims) && dims.length === x.ndim, 'permute', () =>
    `dims ${JSON.stringify(dims)} must list each of the ${x.ndim} dimensions of ${fmt(x.shape)} once`);
  const order = dims.map((d) => normalizeDim('permute', d, x.ndim));
  check(new Set(order).size === order.length, 'permute', () => `dims ${JSON.stringify(dims)} repeat a dimension`);
  const strides = stridesOf(x.shape);
  return strided(x, order.map((d) => x.shape[d]), order.map((d) => strides[d]), 0);
}

/**
 * Swaps two dimensions.
 * @example transpose(m, 0, 1)
 */
export function transpose(x: Tensor, dim0: number, dim1: number): Tensor {
  live('transpose', x);
  const a = normalizeDim('transpose', dim0, x.ndim);
  const b = normalizeDim('transpose', dim1, x.ndim);
  const order = x.shape.map((_, i) => i);
  if (x.ndim > 0) [order[a], order[b]] = [order[b], order[a]];
  return permute(x, order);
}

/**
 * Reverses the order of elements along `dims`.
 * @example flip(x, [0])
 */
export function flip(x: Tensor, dims: number | readonly number[]): Tensor {
  live('flip', x);
  const list = typeof dims === 'number' ? [dims] : dims;
  const flipped = new Set(list.length === 0 ? [] : normalizeDims('flip', list, x.ndim));
  const base = stridesOf(x.shape);
  let offset = 0;
  const strides = base.map((s, i) => {
    if (!flipped.has(i)) return s;
    offset += (x.shape[i] - 1) * s;
    return -s;
  });
  return strided(x, x.shape, strides, x.size === 0 ? 0 : offset);
}

/**
 * Rotates elements along `dims` by `shifts`, wrapping around; without dims the tensor is
 * flattened, rolled and restored.
 * @example roll(x, 1, 0); roll(x, [1, -2], [0, 1]);
 */
export function roll(x: Tensor, shifts: number | readonly number[], dims?: number | readonly number[]): Tensor {
  live('roll', x);
  const shiftList = typeof shifts === 'number' ? [shifts] : [...shifts];
  check(shiftList.every(Number.isInteger), 'roll', () => `shifts must be integers, got ${JSON.stringify(shifts)}`);
  if (dims === undefined) {
    check(shiftList.length === 1, 'roll', () => `without dims, shifts must be a single integer, got ${JSON.stringify(shifts)}`);
    return tidy(() => reshape(roll(reshape(x, [-1]), shiftList[0], 0), x.shape));
  }
  const dimList = typeof dims === 'number' ? [dims] : [...dims];
  check(dimList.length === shiftList.length, 'roll', () => `shifts ${JSON.stringify(shifts)} and dims ${JSON.stringify(dims)} must have the same length`);
  return tidy(() => {
    let out = x;
    dimList.forEach((dim, i) => {
      const d = normalizeDim('roll', dim, x.ndim);
      const n = x.shape[d];
      const s = n === 0 ? 0 : ((shiftList[i] % n) + n) % n;
      if (s !== 0) out = cat([narrow(out, d, n - s, s), narrow(out, d, 0, n - s)], d);
    });
    return out === x ? strided(x, x.shape, stridesOf(x.shape), 0) : out;
  });
}

/**
 * Rotates by 90° `k` times in the plane of `dims`, from the first towards the second.
 * @example rot90(image, 1, [1, 2])
 */
export function rot90(x: Tensor, k = 1, dims: readonly [number, number] | readonly number[] = [0, 1]): Tensor {
  live('rot90', x);
  check(dims.length === 2, 'rot90', () => `dims must have length 2, got ${JSON.stringify(dims)}`);
  check(x.ndim >= 2, 'rot90', () => `expected a tensor of at least 2 dimensions, got ${fmt(x.shape)}`);
  check(Number.isInteger(k), 'rot90', () => `k must be an integer, got ${k}`);
  const d0 = normalizeDim('rot90', dims[0], x.ndim);
  const d1 = normalizeDim('rot90', dims[1], x.ndim);
  check(d0 !== d1, 'rot90', () => `dims must be different, got ${JSON.stringify(dims)}`);
  const turns = ((k % 4) + 4) % 4;
  return tidy(() => {
    if (turns === 1) return transpose(flip(x, [d1]), d0, d1);
    if (turns === 2) return flip(x, [d0, d1]);
    if (turns === 3) return transpose(flip(x, [d0]), d0, d1);
    return strided(x, x.shape, stridesOf(x.shape), 0);
  });
}
