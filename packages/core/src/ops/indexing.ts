// Reading and writing by integer index: gather, indexSelect, scatter-reductions, oneHot.
// Index tensors are int32. Out-of-range indices throw on backends that can check them
// synchronously (js, wasm).
import { fromValues, runKernel, tidy } from '../engine.js';
import { allocArray } from '../dtype.js';
import { check, fmt } from '../errors.js';
import type { ScatterReduceOp } from '../kernels.js';
import { normalizeDim } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { live, requireIndex, sameBackend } from './args.js';
import { reshape, unsqueeze } from './reshape.js';

/**
 * Picks values along `dim` by `index`, which has x's number of dimensions:
 * `out[i][j] = x[index[i][j]][j]` for dim 0 (torch.gather).
 * @example gather(logProbs, 1, targets.unsqueeze(1))
 */
export function gather(x: Tensor, dim: number, index: Tensor): Tensor {
  live('gather', x);
  live('gather', index, 'index');
  requireIndex('gather', index);
  sameBackend('gather', [x, index]);
  const axis = normalizeDim('gather', dim, x.ndim);
  check(index.ndim === x.ndim, 'gather', () => `index ${fmt(index.shape)} must have as many dimensions as the input ${fmt(x.shape)}`);
  check(index.shape.every((s, d) => d === axis || s <= x.shape[d]), 'gather', () =>
    `index ${fmt(index.shape)} must be no larger than the input ${fmt(x.shape)} in every dimension but ${axis}`);
  if (x.ndim === 0) return tidy(() => reshape(gather(reshape(x, [1]), 0, reshape(index, [1])), []));
  return runKernel('gather', [x, index], { axis }, index.shape, x.dtype);
}

/**
 * The entries of a 1-D `index` along `dim`.
 * @example indexSelect(x, 0, tensor([2, 0]))
 */
export function indexSelect(x: Tensor, dim: number, index: Tensor): Tensor {
  live('indexSelect', x);
  live('indexSelect', index, 'index');
  requireIndex('indexSelect', index);
  sameBackend('indexSelect', [x, index]);
  check(index.ndim <= 1, 'indexSelect', () => `index must be 1-D, got shape ${fmt(index.shape)}`);
  const axis = normalizeDim('indexSelect', dim, x.ndim);
  if (x.ndim === 0) return tidy(() => reshape(indexSelect(reshape(x, [1]), 0, reshape(index, [1])), []));
  const shape = [...x.shape];
  shape[axis] = index.size;
  return tidy(() => runKernel('indexSelect', [x, reshape(index, [index.size])], { axis }, shape, x.dtype));
}

/** Options of scatterReduce. */
export interface ScatterReduceOptions {
  /** Whether the input's own values take part in the reduction. Default true. */
  includeSelf?: boolean;
}

/**
 * Reduces `src` into a copy of `x` at positions `index` along `dim` (torch.scatter_reduce).
 * @example scatterReduce(zeros([3]), 0, tensor([0, 0, 2]), tensor([1, 2, 3]), 'amax')
 */
export function scatterReduce(
  x: Tensor,
  dim: number,
  index: Tensor,
  src: Tensor,
  reduce: ScatterReduceOp,
  options: ScatterReduceOptions = {},
): Tensor {
  const op = 'scatterReduce';
  live(op, x);
  live(op, index, 'index');
  live(op, src, 'src');
  requireIndex(op, index);
  sameBackend(op, [x, index, src]);
  check(['sum', 'prod', 'mean', 'amax', 'amin'].includes(reduce), op, () => `reduce must be one of sum, prod, mean, amax, amin; got '${String(reduce)}'`);
  check(src.dtype === x.dtype, op, () => `src dtype ${src.dtype} must match the input's ${x.dtype}`);
  const axis = normalizeDim(op, dim, x.ndim);
  check(index.ndim === x.ndim && src.ndim === x.ndim, op, () =>
    `input ${fmt(x.shape)}, index ${fmt(index.shape)} and src ${fmt(src.shape)} must have the same number of dimensions`);
  check(index.shape.every((s, d) => s <= src.shape[d] && (d === axis || s <= x.shape[d])), op, () =>
    `index ${fmt(index.shape)} must be no larger than src ${fmt(src.shape)} in every dimension, and than the input ${fmt(x.shape)} except in dim ${axis}`);
  const includeSelf = options.includeSelf ?? true;
  if (x.ndim === 0) {
    return tidy(() => reshape(scatterReduce(reshape(x, [1]), 0, reshape(index, [1]), reshape(src, [1]), reduce, options), []));
  }
  return runKernel('scatterReduce', [x, index, src], { axis, reduce, includeSelf }, x.shape, x.dtype);
}

/**
 * Adds `src` into a copy of `x` at positions `index` along `dim` (torch.scatter_add).
 * @example scatterAdd(zeros([3]), 0, tensor([0, 0, 2]), tensor([1, 2, 3])) // [3, 0, 3]
 */
export function scatterAdd(x: Tensor, dim: number, index: Tensor, src: Tensor): Tensor {
  return scatterReduce(x, dim, index, src, 'sum');
}

/**
 * One-hot encoding of int32 class indices as int32, with a new last dimension of size
 * `numClasses`.
 * @example oneHot(tensor([0, 2]), 3) // [[1, 0, 0], [0, 0, 1]]
 */
export function oneHot(indices: Tensor, numClasses: number): Tensor {
  live('oneHot', indices, 'indices');
  requireIndex('oneHot', indices, 'indices');
  check(Number.isInteger(numClasses) && numClasses > 0, 'oneHot', () => `numClasses must be a positive integer, got ${numClasses}`);
  const shape = [...indices.shape, numClasses];
  return tidy(() => {
    const backend = indices.storage.backend;
    const zeros = fromValues(allocArray('int32', indices.size * numClasses), shape, 'int32', backend);
    const ones = fromValues(allocArray('int32', indices.size).fill(1), [...indices.shape, 1], 'int32', backend);
    return scatterReduce(zeros, -1, unsqueeze(indices, -1), ones, 'sum');
  });
}
