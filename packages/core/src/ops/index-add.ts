// In-place row updates (torch.index_add_) and the grouping of repeated indices they need:
// what optimisers use to update the rows of a large table a step touched without making a
// new tensor the size of the table.
import { runInPlaceKernel, runKernel } from '../engine.js';
import { check, fmt } from '../errors.js';
import { normalizeDim } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { live, requireIndex, sameBackend } from './args.js';

/** Options of indexAdd_. */
export interface IndexAddOptions {
  /** The factor `source` is scaled by. Default 1. */
  alpha?: number;
}

/**
 * Adds `alpha · source` into `x` **in place** at the entries of the 1-D int32 `index` along
 * `dim` (torch's `x.index_add_(dim, index, source, alpha=alpha)`): for dim 0,
 * `x[index[k]] += alpha · source[k]`. Repeated indices accumulate, in index order, on every
 * backend. `source` has x's shape except `index.length` along `dim`. Returns `x`, whose
 * `version` goes up. Indices are checked before anything is written (on webgpu, a bad index
 * leaves `x` unchanged and throws at the next readback). If other tensors share x's storage
 * (a reshape of it), x first gets its own copy: they keep their values. Autograd does not
 * record it: use it under `noGrad`, as optimisers do.
 * @example
 * const table = zeros([5, 2]);
 * indexAdd_(table, 0, tensor([4, 0, 4], { dtype: 'int32' }), ones([3, 2]), { alpha: 0.5 }); // rows 0 and 4 grow
 */
export function indexAdd_(x: Tensor, dim: number, index: Tensor, source: Tensor, { alpha = 1 }: IndexAddOptions = {}): Tensor {
  const op = 'indexAdd_';
  live(op, x);
  live(op, index, 'index');
  live(op, source, 'source');
  requireIndex(op, index);
  sameBackend(op, [x, index, source]);
  check(index.ndim <= 1, op, () => `index must be 1-D, got shape ${fmt(index.shape)}`);
  check(x.dtype === source.dtype, op, () => `source must have the input's dtype ${x.dtype}, got ${source.dtype} ${fmt(source.shape)}`);
  check(x.dtype === 'float32', op, () => `expected a float32 input, got ${x.dtype} ${fmt(x.shape)}`);
  check(Number.isFinite(alpha), op, () => `alpha must be a finite number, got ${alpha}`);
  check(x.ndim >= 1, op, () => 'expected an input with at least one dimension, got a 0-d tensor');
  const axis = normalizeDim(op, dim, x.ndim);
  const expected = x.shape.map((s, d) => (d === axis ? index.size : s));
  check(source.ndim === expected.length && source.shape.every((s, d) => s === expected[d]), op, () =>
    `source ${fmt(source.shape)} must be ${fmt(expected)}: the input ${fmt(x.shape)} with the index's length ${index.size} along dim ${axis}`);
  runInPlaceKernel('indexAdd', x, [index, source], { axis, alpha });
  return x;
}

/**
 * For each entry k of a 1-D int32 `index`, the position of the first entry with the same
 * value (int32, same shape). Entries k where `firstOccurrence(index)[k] == k` are the
 * distinct indices, as PyTorch's `coalesce` keeps them; the others repeat one of them.
 * @example firstOccurrence(tensor([7, 3, 7, 7], { dtype: 'int32' })) // [0, 1, 0, 0]
 */
export function firstOccurrence(index: Tensor): Tensor {
  const op = 'firstOccurrence';
  live(op, index, 'index');
  requireIndex(op, index);
  check(index.ndim === 1, op, () => `index must be 1-D, got shape ${fmt(index.shape)}`);
  return runKernel('firstOccurrence', [index], {}, index.shape, 'int32');
}
