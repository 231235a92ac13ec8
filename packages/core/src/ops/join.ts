// Joining tensors along a dimension and splitting them apart.
import { promoteTypes } from '../dtype.js';
import { runKernel, tidy } from '../engine.js';
import { check, fmt } from '../errors.js';
import { normalizeDim } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { asDType, live, sameBackend } from './args.js';
import { cast } from './cast.js';
import { unsqueeze } from './reshape.js';
import { narrow } from './slicing.js';

/**
 * Concatenates tensors along `dim`; their other dimensions must match. Dtypes promote.
 * As in PyTorch, 1-D empty tensors are skipped.
 * @example cat([a, b], 1)
 */
export function cat(tensors: readonly Tensor[], dim = 0): Tensor {
  check(Array.isArray(tensors) && tensors.length > 0, 'cat', () => 'expected a non-empty list of tensors');
  tensors.forEach((t, i) => live('cat', t, `tensors[${i}]`));
  sameBackend('cat', tensors);
  const dtype = tensors.map((t) => t.dtype).reduce(promoteTypes);
  const parts = tensors.filter((t) => !(t.ndim === 1 && t.shape[0] === 0));
  if (parts.length === 0) return tidy(() => cast(tensors[0], dtype, true));
  const ref = parts[0];
  check(ref.ndim > 0, 'cat', () => 'zero-dimensional tensors cannot be concatenated; unsqueeze them or use stack');
  const d = normalizeDim('cat', dim, ref.ndim);
  for (const t of parts) {
    check(t.ndim === ref.ndim && t.shape.every((s: number, i: number) => i === d || s === ref.shape[i]), 'cat', () =>
      `shapes must match except in dim ${d}: got ${parts.map((p) => fmt(p.shape)).join(', ')}`);
  }
  const shape = [...ref.shape];
  shape[d] = parts.reduce((n, t) => n + t.shape[d], 0);
  return tidy(() => runKernel('concat', parts.map((t) => asDType(t, dtype)), { axis: d }, shape, dtype));
}

/**
 * Stacks tensors of one shape along a new dimension `dim`.
 * @example stack([a, b]) // two [3] tensors → [2, 3]
 */
export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  check(Array.isArray(tensors) && tensors.length > 0, 'stack', () => 'expected a non-empty list of tensors');
  tensors.forEach((t, i) => live('stack', t, `tensors[${i}]`));
  const ref = tensors[0];
  for (const t of tensors) {
    check(t.ndim === ref.ndim && t.shape.every((s: number, i: number) => s === ref.shape[i]), 'stack', () =>
      `all tensors must have the same shape, got ${tensors.map((p) => fmt(p.shape)).join(', ')}`);
  }
  const d = normalizeDim('stack', dim, ref.ndim + 1);
  return tidy(() => cat(tensors.map((t) => unsqueeze(t, d)), d));
}

/**
 * Splits into pieces of `size` along `dim` (the last may be smaller), or into pieces of
 * the listed sizes, which must add up to the dimension.
 * @example split(x, 2); split(x, [1, 3], 1);
 */
export function split(x: Tensor, sizeOrSizes: number | readonly number[], dim = 0): Tensor[] {
  live('split', x);
  check(x.ndim > 0, 'split', () => 'expected a tensor of at least 1 dimension, got a scalar');
  const d = normalizeDim('split', dim, x.ndim);
  const n = x.shape[d];
  let sizes: number[];
  if (typeof sizeOrSizes === 'number') {
    check(Number.isInteger(sizeOrSizes) && sizeOrSizes > 0, 'split', () => `split size must be a positive integer, got ${sizeOrSizes}`);
    sizes = [];
    for (let start = 0; start < n; start += sizeOrSizes) sizes.push(Math.min(sizeOrSizes, n - start));
    if (n === 0) sizes.push(0);
  } else {
    sizes = [...sizeOrSizes];
    check(sizes.every((s) => Number.isInteger(s) && s >= 0), 'split', () => `sizes must be non-negative integers, got ${JSON.stringify(sizeOrSizes)}`);
    const total = sizes.reduce((a, b) => a + b, 0);
    check(total === n, 'split', () => `sizes ${JSON.stringify(sizes)} add up to ${total}, but dim ${d} of ${fmt(x.shape)} has size ${n}`);
  }
  let start = 0;
  return sizes.map((size) => {
    const piece = narrow(x, d, start, size);
    start += size;
    return piece;
  });
}

/**
 * Splits into `chunks` pieces of equal size along `dim` (the last may be smaller, and there
 * may be fewer pieces), as torch.chunk.
 * @example chunk(qkv, 3, -1)
 */
export function chunk(x: Tensor, chunks: number, dim = 0): Tensor[] {
  live('chunk', x);
  check(Number.isInteger(chunks) && chunks > 0, 'chunk', () => `chunks must be a positive integer, got ${chunks}`);
  check(x.ndim > 0, 'chunk', () => 'expected a tensor of at least 1 dimension, got a scalar');
  const d = normalizeDim('chunk', dim, x.ndim);
  const size = Math.ceil(x.shape[d] / chunks);
  return size === 0 ? [narrow(x, d, 0, 0)] : split(x, size, d);
}
