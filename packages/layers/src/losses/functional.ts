// The loss functions under PyTorch's names (torch.nn.functional). Core already implements
// cross-entropy, NLL, MSE, L1 and both binary cross-entropies with PyTorch's full option
// sets, so those are re-exported; smooth L1 and KL divergence are composed here from core
// ops, so autograd differentiates them on every backend.
import {
  abs, eq, exp, log, lt, mean, mul, square, sub, sum, tidy, where,
  type Reduction, type Tensor,
} from '@tessera/core';

export {
  crossEntropy,
  nllLoss,
  mseLoss,
  l1Loss,
  bce as binaryCrossEntropy,
  bceWithLogits as binaryCrossEntropyWithLogits,
} from '@tessera/core';
export type {
  Reduction,
  ReductionOptions,
  NllLossOptions,
  CrossEntropyOptions,
  BceOptions,
  BceWithLogitsOptions,
} from '@tessera/core';

const fmt = (shape: readonly number[]): string => `[${shape.join(',')}]`;

function checkPair(op: string, input: Tensor, target: Tensor, reduction: string, reductions: readonly string[]): void {
  for (const [what, t] of [['input', input], ['target', target]] as const) {
    if (t.isDisposed) throw new Error(`${op}: ${what} of shape ${fmt(t.shape)} was used after dispose()`);
    if (t.dtype !== 'float32') throw new Error(`${op}: expected a float32 ${what}, got ${t.dtype}`);
  }
  if (input.shape.length !== target.shape.length || input.shape.some((s, i) => s !== target.shape[i])) {
    throw new Error(`${op}: input ${fmt(input.shape)} and target ${fmt(target.shape)} must have the same shape`);
  }
  if (!reductions.includes(reduction)) {
    throw new Error(`${op}: reduction must be one of ${reductions.map((r) => `'${r}'`).join(', ')}, got '${reduction}'`);
  }
}

function reduce(loss: Tensor, reduction: string): Tensor {
  if (reduction === 'sum') return sum(loss);
  if (reduction === 'mean') return mean(loss);
  return loss;
}

/** Options of smoothL1Loss. */
export interface SmoothL1LossOptions {
  /** Default 'mean'. */
  reduction?: Reduction;
  /** Where the loss turns from quadratic to linear; 0 gives the L1 loss. Default 1. */
  beta?: number;
}

/**
 * Smooth L1 (Huber-like) loss: `0.5·d²/beta` where `|d| < beta`, else `|d| - 0.5·beta`.
 * @example smoothL1Loss(prediction, target, { beta: 0.5 })
 */
export function smoothL1Loss(input: Tensor, target: Tensor, options: SmoothL1LossOptions = {}): Tensor {
  const { reduction = 'mean', beta = 1 } = options;
  checkPair('smoothL1Loss', input, target, reduction, ['mean', 'sum', 'none']);
  if (!(beta >= 0)) throw new Error(`smoothL1Loss: beta must be non-negative, got ${beta}`);
  return tidy(() => {
    const diff = abs(sub(input, target));
    if (beta === 0) return reduce(diff, reduction);
    return reduce(where(lt(diff, beta), mul(square(diff), 0.5 / beta), sub(diff, 0.5 * beta)), reduction);
  });
}

/** How klDiv combines its per-element values: PyTorch's reductions plus 'batchmean'. */
export type KlDivReduction = Reduction | 'batchmean';

/** Options of klDiv. */
export interface KlDivOptions {
  /** Default 'mean' (over every element); 'batchmean' divides the sum by the batch size, the KL divergence proper. */
  reduction?: KlDivReduction;
  /** Whether the target holds log-probabilities. Default false. */
  logTarget?: boolean;
}

/**
 * Kullback-Leibler divergence `Σ target·(log target - input)` of log-probabilities `input`
 * from the target distribution (a zero target contributes 0, as PyTorch's xlogy).
 * @example klDiv(logSoftmax(logits, 1), teacherProbs, { reduction: 'batchmean' })
 */
export function klDiv(input: Tensor, target: Tensor, options: KlDivOptions = {}): Tensor {
  const { reduction = 'mean', logTarget = false } = options;
  checkPair('klDiv', input, target, reduction, ['mean', 'batchmean', 'sum', 'none']);
  return tidy(() => {
    const loss = logTarget
      ? mul(exp(target), sub(target, input))
      // log of 1 where the target is 0, so 0·log 0 is 0 and its gradient finite.
      : mul(target, sub(log(where(eq(target, 0), 1, target)), input));
    if (reduction === 'batchmean') return input.ndim === 0 ? sum(loss) : mul(sum(loss), 1 / input.shape[0]);
    return reduce(loss, reduction);
  });
}
