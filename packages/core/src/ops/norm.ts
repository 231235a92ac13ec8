// Normalisation layers' functional forms, composed from reductions and arithmetic.
import { tidy, untracked } from '../engine.js';
import { check, fmt } from '../errors.js';
import { shapesEqual } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { live, requireFloat } from './args.js';
import { add, mul, sub } from './binary.js';
import { mean, variance } from './reduce.js';
import { reshape } from './reshape.js';
import { rsqrt } from './unary.js';

/**
 * Normalises over the trailing `normalizedShape` dimensions, then scales by `weight` and
 * shifts by `bias` (both of that shape, optional). Uses the biased variance, as PyTorch.
 * @example layerNorm(x, [512], gamma, beta)
 */
export function layerNorm(x: Tensor, normalizedShape: number | readonly number[], weight?: Tensor | null, bias?: Tensor | null, eps = 1e-5): Tensor {
  const op = 'layerNorm';
  live(op, x);
  requireFloat(op, x);
  const shape = typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape];
  check(shape.length > 0 && shape.length <= x.ndim && shapesEqual(x.shape.slice(x.ndim - shape.length), shape), op, () =>
    `normalizedShape ${fmt(shape)} must match the trailing dimensions of the input ${fmt(x.shape)}`);
  for (const [name, t] of [['weight', weight], ['bias', bias]] as const) {
    if (t) check(shapesEqual(live(op, t, name).shape, shape), op, () => `${name} must have shape ${fmt(shape)}, got ${fmt(t.shape)}`);
  }
  const dims = shape.map((_, i) => x.ndim - shape.length + i);
  return tidy(() => {
    const centred = sub(x, mean(x, dims, true));
    let out = mul(centred, rsqrt(add(variance(x, dims, { unbiased: false, keepdim: true }), eps)));
    if (weight) out = mul(out, weight);
    if (bias) out = add(out, bias);
    return out;
  });
}

/** Options of batchNorm. */
export interface BatchNormOptions {
  /** Use batch statistics (and update the running ones) rather than the running ones. Default false. */
  training?: boolean;
  /** Weight of the new batch statistic in the running average. Default 0.1. */
  momentum?: number;
  /** Added to the variance for stability. Default 1e-5. */
  eps?: number;
}

/**
 * Batch normalisation over channel dim 1 of `[N, C, ...]`. In training mode it normalises
 * with the batch's mean and biased variance and updates `runningMean` and `runningVar` in
 * place (with the unbiased variance), as PyTorch does; in eval mode it uses them.
 * @example batchNorm(x, runningMean, runningVar, gamma, beta, { training: true })
 */
export function batchNorm(
  x: Tensor,
  runningMean: Tensor | null,
  runningVar: Tensor | null,
  weight?: Tensor | null,
  bias?: Tensor | null,
  options: BatchNormOptions = {},
): Tensor {
  const op = 'batchNorm';
  const { training = false, momentum = 0.1, eps = 1e-5 } = options;
  live(op, x);
  requireFloat(op, x);
  check(x.ndim >= 2, op, () => `expected an input of at least 2 dimensions [N, C, ...], got ${fmt(x.shape)}`);
  const channels = x.shape[1];
  for (const [name, t] of [['runningMean', runningMean], ['runningVar', runningVar], ['weight', weight], ['bias', bias]] as const) {
    if (t) check(live(op, t, name).ndim === 1 && t.shape[0] === channels, op, () => `${name} must have shape [${channels}] for input ${fmt(x.shape)}, got ${fmt(t.shape)}`);
  }
  check(training || (runningMean && runningVar), op, () => 'runningMean and runningVar are required in eval mode');
  const dims = x.shape.map((_, i) => i).filter((i) => i !== 1);
  const count = x.size / Math.max(channels, 1);
  if (training) check(count > 1, op, () => `expected more than 1 value per channel when training, got input ${fmt(x.shape)}`);
  const statShape = x.shape.map((s, i) => (i === 1 ? s : 1));
  return tidy(() => {
    let m: Tensor;
    let v: Tensor;
    if (training) {
      m = mean(x, dims, true);
      v = variance(x, dims, { unbiased: false, keepdim: true });
      untracked(() => {
        const decay = 1 - momentum;
        if (runningMean) runningMean.assign(add(mul(runningMean, decay), mul(reshape(m, [channels]), momentum)));
        if (runningVar) runningVar.assign(add(mul(runningVar, decay), mul(reshape(v, [channels]), (momentum * count) / (count - 1))));
      });
    } else {
      m = reshape(runningMean as Tensor, statShape);
      v = reshape(runningVar as Tensor, statShape);
    }
    let out = mul(sub(x, m), rsqrt(add(v, eps)));
    if (weight) out = mul(out, reshape(weight, statShape));
    if (bias) out = add(out, reshape(bias, statShape));
    return out;
  });
}
