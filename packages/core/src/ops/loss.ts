// Loss functions with PyTorch's reductions, ignore index, class weights and label
// smoothing, composed from core ops so they run (and differentiate) on every backend.
import { tidy } from '../engine.js';
import { check, fmt } from '../errors.js';
import { shapesEqual } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { live, requireFloat, requireIndex, sameBackend } from './args.js';
import { add, div, maximum, mul, ne, sub } from './binary.js';
import { gather, indexSelect } from './indexing.js';
import { logSoftmax } from './softmax.js';
import { sum, mean } from './reduce.js';
import { reshape, squeeze, unsqueeze } from './reshape.js';
import { permute } from './reorder.js';
import { where } from './selection.js';
import { abs, exp, log, log1p, neg, square } from './unary.js';
import { clamp } from './selection.js';
import { cast } from './cast.js';

/** How a loss combines its per-element values. */
export type Reduction = 'mean' | 'sum' | 'none';

/** Options of nllLoss and crossEntropy. */
export interface NllLossOptions {
  /** A weight per class, shape [C]. */
  weight?: Tensor | null;
  /** Targets equal to this are skipped (and excluded from the mean). Default -100. */
  ignoreIndex?: number;
  /** Default 'mean': weighted mean over the non-ignored targets. */
  reduction?: Reduction;
}

/** Options of crossEntropy. */
export interface CrossEntropyOptions extends NllLossOptions {
  /** Mixes the target with the uniform distribution by this amount. Default 0. */
  labelSmoothing?: number;
}

/** Options of the element-wise losses. */
export interface ReductionOptions {
  /** Default 'mean'. */
  reduction?: Reduction;
}

function checkReduction(op: string, reduction: Reduction): void {
  check(reduction === 'mean' || reduction === 'sum' || reduction === 'none', op, () => `reduction must be 'mean', 'sum' or 'none', got '${String(reduction)}'`);
}

function reduce(loss: Tensor, reduction: Reduction): Tensor {
  if (reduction === 'sum') return sum(loss);
  if (reduction === 'mean') return mean(loss);
  return loss;
}

/** Moves the class dimension (1, or 0 for unbatched input) last and flattens the rest: [M, C]. */
function classesLast(x: Tensor): Tensor {
  if (x.ndim === 1) return reshape(x, [1, x.shape[0]]);
  const order = [0, ...x.shape.map((_, i) => i).slice(2), 1];
  return reshape(permute(x, order), [-1, x.shape[1]]);
}

function checkClassTarget(op: string, input: Tensor, target: Tensor): void {
  live(op, input);
  live(op, target, 'target');
  sameBackend(op, [input, target]);
  requireFloat(op, input);
  requireIndex(op, target, 'target');
  const expected = input.ndim === 1 ? [] : [input.shape[0], ...input.shape.slice(2)];
  check(input.ndim >= 1 && shapesEqual(target.shape, expected), op, () =>
    `expected target of shape ${fmt(expected)} (class indices) for input ${fmt(input.shape)}, got ${fmt(target.shape)}`);
}

function checkWeight(op: string, weight: Tensor | null | undefined, classes: number): void {
  if (!weight) return;
  live(op, weight, 'weight');
  check(weight.ndim === 1 && weight.shape[0] === classes, op, () => `weight must have shape [${classes}] (one per class), got ${fmt(weight.shape)}`);
}

/** Per-target weights (0 where ignored) and the log-probability picked for each target. */
function pickTargets(logProbs: Tensor, target: Tensor, weight: Tensor | null | undefined, ignoreIndex: number) {
  const flat = classesLast(logProbs);
  const targets = reshape(target, [-1]);
  const valid = ne(targets, ignoreIndex);
  const safe = where(valid, targets, 0);
  const picked = squeeze(gather(flat, 1, unsqueeze(safe, 1)), 1);
  const weights = weight ? where(valid, indexSelect(weight, 0, safe), 0) : cast(valid, 'float32');
  return { flat, valid, weights, picked };
}

/**
 * Negative log-likelihood of class-index targets given log-probabilities `[N, C, ...]`.
 * @example nllLoss(logSoftmax(logits, 1), targets)
 */
export function nllLoss(logProbs: Tensor, target: Tensor, options: NllLossOptions = {}): Tensor {
  const { weight, ignoreIndex = -100, reduction = 'mean' } = options;
  checkClassTarget('nllLoss', logProbs, target);
  checkReduction('nllLoss', reduction);
  checkWeight('nllLoss', weight, logProbs.shape[logProbs.ndim === 1 ? 0 : 1]);
  return tidy(() => {
    const { weights, picked } = pickTargets(logProbs, target, weight, ignoreIndex);
    const losses = neg(mul(picked, weights));
    if (reduction === 'none') return reshape(losses, target.shape);
    if (reduction === 'sum') return sum(losses);
    return div(sum(losses), sum(weights));
  });
}

/**
 * Cross-entropy of logits `[N, C, ...]` against class indices (int32) or class
 * probabilities (float32, the logits' shape), with optional label smoothing.
 * @example crossEntropy(logits, labels, { labelSmoothing: 0.1 })
 */
export function crossEntropy(logits: Tensor, target: Tensor, options: CrossEntropyOptions = {}): Tensor {
  const op = 'crossEntropy';
  const { weight, ignoreIndex = -100, reduction = 'mean', labelSmoothing = 0 } = options;
  live(op, logits);
  live(op, target, 'target');
  checkReduction(op, reduction);
  check(labelSmoothing >= 0 && labelSmoothing <= 1, op, () => `labelSmoothing must be between 0 and 1, got ${labelSmoothing}`);
  const classDim = logits.ndim === 1 ? 0 : 1;
  const classes = logits.shape[classDim];
  checkWeight(op, weight, classes);
  if (target.dtype === 'float32') return probabilityTargets(logits, target, weight, reduction, labelSmoothing, classDim);
  checkClassTarget(op, logits, target);
  return tidy(() => {
    const logProbs = logSoftmax(logits, classDim);
    const nll = nllLoss(logProbs, target, { weight, ignoreIndex, reduction });
    if (labelSmoothing === 0) return nll;
    // The smoothing term is -Σ_c w_c·log p_c per target, masked and normalised like nll.
    const { flat, valid, weights } = pickTargets(logProbs, target, weight, ignoreIndex);
    const perClass = weight ? mul(flat, weight) : flat;
    const smooth = where(valid, neg(sum(perClass, 1)), 0);
    let smoothLoss: Tensor;
    if (reduction === 'none') smoothLoss = reshape(smooth, target.shape);
    else if (reduction === 'sum') smoothLoss = sum(smooth);
    else smoothLoss = div(sum(smooth), weight ? sum(weights) : sum(cast(valid, 'float32')));
    return add(mul(nll, 1 - labelSmoothing), mul(smoothLoss, labelSmoothing / classes));
  });
}

function probabilityTargets(logits: Tensor, target: Tensor, weight: Tensor | null | undefined, reduction: Reduction, labelSmoothing: number, classDim: number): Tensor {
  const op = 'crossEntropy';
  check(shapesEqual(target.shape, logits.shape), op, () => `probability targets must have the logits' shape ${fmt(logits.shape)}, got ${fmt(target.shape)}`);
  requireFloat(op, logits);
  const classes = logits.shape[classDim];
  return tidy(() => {
    const smoothed = labelSmoothing > 0 ? add(mul(target, 1 - labelSmoothing), labelSmoothing / classes) : target;
    const shape = logits.shape.map((s, i) => (i === classDim ? s : 1));
    let terms = mul(logSoftmax(logits, classDim), smoothed);
    if (weight) terms = mul(terms, reshape(weight, shape));
    const losses = neg(sum(terms, classDim));
    if (reduction === 'none') return losses;
    if (reduction === 'sum') return sum(losses);
    // PyTorch averages over every position (N·d1·…), not only over the batch.
    return div(sum(losses), losses.size);
  });
}

function pairwise(op: string, input: Tensor, target: Tensor, reduction: Reduction): void {
  live(op, input);
  live(op, target, 'target');
  sameBackend(op, [input, target]);
  requireFloat(op, input);
  requireFloat(op, target, 'target');
  checkReduction(op, reduction);
  check(shapesEqual(input.shape, target.shape), op, () => `input ${fmt(input.shape)} and target ${fmt(target.shape)} must have the same shape`);
}

/**
 * Mean squared error.
 * @example mseLoss(prediction, target)
 */
export function mseLoss(input: Tensor, target: Tensor, options: ReductionOptions = {}): Tensor {
  const { reduction = 'mean' } = options;
  pairwise('mseLoss', input, target, reduction);
  return tidy(() => reduce(square(sub(input, target)), reduction));
}

/** Mean absolute error. */
export function l1Loss(input: Tensor, target: Tensor, options: ReductionOptions = {}): Tensor {
  const { reduction = 'mean' } = options;
  pairwise('l1Loss', input, target, reduction);
  return tidy(() => reduce(abs(sub(input, target)), reduction));
}

/** Options of bce. */
export interface BceOptions extends ReductionOptions {
  /** A weight per element, broadcast to the input. */
  weight?: Tensor | null;
}

/** Options of bceWithLogits. */
export interface BceWithLogitsOptions extends BceOptions {
  /** A weight of positive examples per class, broadcast along the last dimension. */
  posWeight?: Tensor | null;
}

/**
 * Binary cross-entropy of probabilities; the logs are clamped at -100 as in PyTorch.
 * @example bce(sigmoid(logits), labels)
 */
export function bce(input: Tensor, target: Tensor, options: BceOptions = {}): Tensor {
  const { reduction = 'mean', weight } = options;
  pairwise('bce', input, target, reduction);
  return tidy(() => {
    const logP = maximum(log(input), -100);
    const logNotP = maximum(log1p(neg(input)), -100);
    let loss = neg(add(mul(target, logP), mul(sub(1, target), logNotP)));
    if (weight) loss = mul(loss, weight);
    return reduce(loss, reduction);
  });
}

/**
 * Binary cross-entropy on logits, computed stably:
 * `(1 - y)·x + (1 + (pw - 1)·y)·(log(1 + e^-|x|) + max(-x, 0))`.
 * @example bceWithLogits(logits, labels, { posWeight })
 */
export function bceWithLogits(input: Tensor, target: Tensor, options: BceWithLogitsOptions = {}): Tensor {
  const { reduction = 'mean', weight, posWeight } = options;
  pairwise('bceWithLogits', input, target, reduction);
  return tidy(() => {
    const softTerm = add(log1p(exp(neg(abs(input)))), clamp(neg(input), 0));
    const logWeight = posWeight ? add(mul(sub(posWeight, 1), target), 1) : null;
    let loss = add(mul(sub(1, target), input), logWeight ? mul(logWeight, softTerm) : softTerm);
    if (weight) loss = mul(loss, weight);
    return reduce(loss, reduction);
  });
}
