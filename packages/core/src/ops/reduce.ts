// Reductions over one, several or all dimensions, with PyTorch's dtype rules: sums of
// integers stay integers, means need floats, arg-reductions give int32 indices.
import { runKernel, tidy } from '../engine.js';
import { check, fmt } from '../errors.js';
import type { ReduceOp } from '../kernels.js';
import { normalizeDim, normalizeDims, sizeOf } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { asDType, live, requireFloat } from './args.js';
import { add, div, eq, sub } from './binary.js';
import { cast } from './cast.js';
import { abs, exp, log, sqrt, square } from './unary.js';
import { where } from './selection.js';
import { reshape } from './reshape.js';

/** The dims a reduction covers (normalised) and the output shape. */
function reducedShape(op: string, x: Tensor, dim: number | readonly number[] | undefined, keepdim: boolean) {
  const axes = normalizeDims(op, dim, x.ndim);
  const shape = keepdim ? x.shape.map((s, i) => (axes.includes(i) ? 1 : s)) : x.shape.filter((_, i) => !axes.includes(i));
  return { axes, shape, count: sizeOf(axes.map((a) => x.shape[a])) };
}

function reduceOp(op: string, kind: ReduceOp, x: Tensor, dim: number | readonly number[] | undefined, keepdim: boolean): Tensor {
  const { axes, shape, count } = reducedShape(op, x, dim, keepdim);
  if ((kind === 'max' || kind === 'min') && x.dtype !== 'bool') {
    check(count > 0, op, () =>
      `cannot reduce over ${dim === undefined ? 'all dimensions' : `dim ${JSON.stringify(dim)}`} of an empty tensor ${fmt(x.shape)}: the ${kind} of nothing is undefined`);
  }
  return runKernel('reduce', [x], { op: kind, axes }, shape, x.dtype);
}

/** Dtype for sums and products: integers and bools accumulate as int32. */
function accumulate(x: Tensor): Tensor {
  return x.dtype === 'bool' ? cast(x, 'int32') : x;
}

/**
 * Sum over `dim` (a number, a list, or all dims when omitted).
 * @example sum(x); sum(x, 1, true); sum(x, [0, 2]);
 */
export function sum(x: Tensor, dim?: number | readonly number[], keepdim = false): Tensor {
  live('sum', x);
  return tidy(() => reduceOp('sum', 'sum', accumulate(x), dim, keepdim));
}

/** Product over `dim`. */
export function prod(x: Tensor, dim?: number | readonly number[], keepdim = false): Tensor {
  live('prod', x);
  return tidy(() => reduceOp('prod', 'prod', accumulate(x), dim, keepdim));
}

/**
 * Mean over `dim`; the input must be float32 (as in PyTorch). The mean of nothing is NaN.
 * @example mean(x, -1, true)
 */
export function mean(x: Tensor, dim?: number | readonly number[], keepdim = false): Tensor {
  live('mean', x);
  requireFloat('mean', x);
  const { count } = reducedShape('mean', x, dim, keepdim);
  return tidy(() => div(reduceOp('mean', 'sum', x, dim, keepdim), count));
}

/** Maximum values over `dim` (use argmax for the indices); NaN propagates. */
export function max(x: Tensor, dim?: number | readonly number[], keepdim = false): Tensor {
  live('max', x);
  return reduceOp('max', 'max', x, dim, keepdim);
}

/** Minimum values over `dim` (use argmin for the indices); NaN propagates. */
export function min(x: Tensor, dim?: number | readonly number[], keepdim = false): Tensor {
  live('min', x);
  return reduceOp('min', 'min', x, dim, keepdim);
}

function argReduceOp(op: 'argmax' | 'argmin', x: Tensor, dim: number | undefined, keepdim: boolean): Tensor {
  live(op, x);
  check(dim === undefined || typeof dim === 'number', op, () => `dim must be a single integer, got ${JSON.stringify(dim)}`);
  if (dim === undefined) {
    check(x.size > 0, op, () => `cannot take the ${op} of an empty tensor ${fmt(x.shape)}`);
    return tidy(() => {
      const flat = runKernel('argReduce', [reshape(x, [x.size])], { op, axis: 0 }, [], 'int32');
      return keepdim ? reshape(flat, x.shape.map(() => 1)) : flat;
    });
  }
  const axis = normalizeDim(op, dim, x.ndim);
  if (x.ndim === 0) return tidy(() => runKernel('argReduce', [reshape(x, [1])], { op, axis: 0 }, [], 'int32'));
  check(x.shape[axis] > 0, op, () => `cannot reduce over dim ${dim} of size 0 in ${fmt(x.shape)}`);
  const shape = keepdim ? x.shape.map((s, i) => (i === axis ? 1 : s)) : x.shape.filter((_, i) => i !== axis);
  return runKernel('argReduce', [x], { op, axis }, shape, 'int32');
}

/**
 * Index (int32) of the first maximum along `dim`, or in the flattened tensor without a dim.
 * @example argmax(logits, -1)
 */
export function argmax(x: Tensor, dim?: number, keepdim = false): Tensor {
  return argReduceOp('argmax', x, dim, keepdim);
}

/** Index (int32) of the first minimum along `dim`, or in the flattened tensor without a dim. */
export function argmin(x: Tensor, dim?: number, keepdim = false): Tensor {
  return argReduceOp('argmin', x, dim, keepdim);
}

/**
 * `log(sum(exp(x)))` over `dim`, computed stably (shifted by the maximum).
 * @example logsumexp(logits, 1)
 */
export function logsumexp(x: Tensor, dim?: number | readonly number[], keepdim = false): Tensor {
  live('logsumexp', x);
  return tidy(() => {
    const xf = asDType(x, 'float32');
    if (xf.size === 0) return log(reduceOp('logsumexp', 'sum', exp(xf), dim, keepdim));
    const m = reduceOp('logsumexp', 'max', xf, dim, true);
    // NOTE: an all -inf (or +inf) slice would give inf - inf = NaN; shift by 0 there instead.
    const shift = where(eq(abs(m), Infinity), 0, m);
    const summed = reduceOp('logsumexp', 'sum', exp(sub(xf, shift)), dim, keepdim);
    const { shape } = reducedShape('logsumexp', x, dim, keepdim);
    return add(log(summed), reshape(shift, shape));
  });
}

/** Whether every element over `dim` is true (non-zero); true for nothing. */
export function all(x: Tensor, dim?: number | readonly number[], keepdim = false): Tensor {
  live('all', x);
  return tidy(() => reduceOp('all', 'min', asDType(x, 'bool'), dim, keepdim));
}

/** Whether any element over `dim` is true (non-zero); false for nothing. */
export function any(x: Tensor, dim?: number | readonly number[], keepdim = false): Tensor {
  live('any', x);
  return tidy(() => reduceOp('any', 'max', asDType(x, 'bool'), dim, keepdim));
}

/** Options of var and std. */
export interface VarianceOptions {
  /** Divide by n - 1 (Bessel's correction) rather than n. Default true. */
  unbiased?: boolean;
  /** Keep reduced dimensions with size 1. Default false. */
  keepdim?: boolean;
}

/**
 * Variance over `dim` (all dims when omitted), unbiased by default.
 * @example variance(x, 0, { unbiased: false })
 */
export function variance(x: Tensor, dim?: number | readonly number[], options: VarianceOptions = {}): Tensor {
  return moments('var', x, dim, options);
}

/** Standard deviation over `dim`, unbiased by default. */
export function std(x: Tensor, dim?: number | readonly number[], options: VarianceOptions = {}): Tensor {
  return tidy(() => sqrt(moments('std', x, dim, options)));
}

function moments(op: string, x: Tensor, dim: number | readonly number[] | undefined, options: VarianceOptions): Tensor {
  live(op, x);
  requireFloat(op, x);
  const { unbiased = true, keepdim = false } = options;
  const { count } = reducedShape(op, x, dim, keepdim);
  return tidy(() => {
    const centred = sub(x, mean(x, dim, true));
    return div(reduceOp(op, 'sum', square(centred), dim, keepdim), Math.max(count - (unbiased ? 1 : 0), 0));
  });
}

/**
 * Running sum along `dim`; integers and bools give int32.
 * @example cumsum(tensor([1, 2, 3]), 0) // [1, 3, 6]
 */
export function cumsum(x: Tensor, dim: number): Tensor {
  live('cumsum', x);
  const axis = normalizeDim('cumsum', dim, x.ndim);
  return tidy(() => {
    const input = x.dtype === 'float32' ? x : cast(x, 'int32');
    return x.ndim === 0 ? cast(input, input.dtype, true) : runKernel('cumsum', [input], { axis }, x.shape, input.dtype);
  });
}
