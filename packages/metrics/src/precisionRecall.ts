// Precision, recall and F-beta from per-label counts, as scikit-learn's
// precision_recall_fscore_support (version 1.2): which labels take part (`average`,
// `posLabel`, `labels`), what a 0/0 becomes (`zeroDivision`), and how per-label scores average.
import { fmtLabels, metricError } from './errors.js';
import { LabelCountMetric, type LabelCounts } from './labelCounts.js';
import type { MetricInput } from './input.js';
import { computeOnce } from './metric.js';
import { checkChoice } from './options.js';

/** How per-label scores combine into one number. */
export type Average = 'binary' | 'micro' | 'macro' | 'weighted';

/** Options shared by precision, recall and the F-scores. */
export interface PrecisionRecallOptions {
  /**
   * 'binary' (default): the score of `posLabel` alone, for data with at most two labels.
   * 'micro': from counts summed over labels. 'macro': the unweighted mean over labels.
   * 'weighted': the mean weighted by each label's support (its count in target).
   */
  average?: Average;
  /** The positive label when `average` is 'binary'; default 1. */
  posLabel?: number;
  /** The labels to score (and average over) when `average` is not 'binary'; default: every label seen. */
  labels?: readonly number[];
  /** The value of a 0/0 precision or recall (no predicted or no true samples of a label); default 0. */
  zeroDivision?: 0 | 1;
}

/** Options of the F-beta score. */
export interface FBetaOptions extends PrecisionRecallOptions {
  /** Weight of recall against precision: F = (1 + beta²)·P·R / (beta²·P + R). Must be >= 0 (Infinity gives recall). */
  beta: number;
}

/** Per-label scores, as scikit-learn's precision_recall_fscore_support with average=None. */
export interface PerLabelScores {
  /** The labels scored, in order. */
  labels: number[];
  precision: number[];
  recall: number[];
  fScore: number[];
  /** Number of target samples of each label. */
  support: number[];
}

interface Scores {
  precision: number;
  recall: number;
  fScore: number;
}

const AVERAGES: readonly Average[] = ['binary', 'micro', 'macro', 'weighted'];

function checkOptions(options: PrecisionRecallOptions, beta: number, metric: string): void {
  checkChoice(options.average ?? 'binary', AVERAGES, metric, 'average');
  checkChoice(options.zeroDivision ?? 0, [0, 1], metric, 'zeroDivision');
  if (!(beta >= 0)) throw metricError(metric, `beta must be >= 0, got ${beta}`);
}

/** The labels scored: `[posLabel]` for 'binary' (after scikit-learn's checks), else `labels` or every label seen. */
function selectLabels(counts: LabelCounts, options: PrecisionRecallOptions, metric: string): number[] {
  const present = counts.labels();
  if ((options.average ?? 'binary') !== 'binary') return options.labels ? [...options.labels] : present;
  const posLabel = options.posLabel ?? 1;
  if (present.length > 2) {
    throw metricError(metric, `target and preds hold ${present.length} labels ${fmtLabels(present)}, so the task is multiclass, but average is 'binary'; choose 'micro', 'macro' or 'weighted'`);
  }
  if (present.length === 2 && !present.includes(posLabel)) {
    throw metricError(metric, `posLabel=${posLabel} is not a valid label; expected one of ${fmtLabels(present)}`);
  }
  return [posLabel];
}

/** num / den, or `zeroDivision` where den is 0 (scikit-learn's _prf_divide). */
function divide(num: readonly number[], den: readonly number[], zeroDivision: number): number[] {
  return num.map((n, i) => (den[i] === 0 ? zeroDivision : n / den[i]));
}

/** F-beta from precision and recall; NOTE: as scikit-learn 1.2, after zeroDivision replaced their 0/0s. */
function fBeta(precision: readonly number[], recall: readonly number[], beta: number): number[] {
  if (beta === Infinity) return [...recall];
  const beta2 = beta * beta;
  return precision.map((p, i) => {
    const denom = beta2 * p + recall[i];
    return ((1 + beta2) * p * recall[i]) / (denom === 0 ? 1 : denom);
  });
}

function perLabel(counts: LabelCounts, labels: readonly number[], beta: number, zeroDivision: number, micro: boolean) {
  let tp = labels.map((l) => counts.count(l, l));
  let predSum = labels.map((l) => counts.predCount(l));
  let trueSum = labels.map((l) => counts.targetCount(l));
  if (micro) {
    const total = (xs: number[]): number[] => [xs.reduce((a, b) => a + b, 0)];
    [tp, predSum, trueSum] = [total(tp), total(predSum), total(trueSum)];
  }
  const precision = divide(tp, predSum, zeroDivision);
  const recall = divide(tp, trueSum, zeroDivision);
  return { precision, recall, fScore: fBeta(precision, recall, beta), predSum, trueSum };
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Averaged precision, recall and F-beta over the counts, as scikit-learn. */
function averagedScores(counts: LabelCounts, options: PrecisionRecallOptions, beta: number, metric: string): Scores {
  const average = options.average ?? 'binary';
  const zeroDivision = options.zeroDivision ?? 0;
  const labels = selectLabels(counts, options, metric);
  const s = perLabel(counts, labels, beta, zeroDivision, average === 'micro');
  if (average !== 'weighted') return { precision: mean(s.precision), recall: mean(s.recall), fScore: mean(s.fScore) };
  const weightTotal = s.trueSum.reduce((a, b) => a + b, 0);
  if (weightTotal === 0) {
    // NOTE: scikit-learn's special case: no true samples of any scored label.
    const noPredictions = s.predSum.every((x) => x === 0);
    return noPredictions
      ? { precision: zeroDivision, recall: zeroDivision, fScore: zeroDivision }
      : { precision: 0, recall: zeroDivision, fScore: 0 };
  }
  const weighted = (xs: readonly number[]): number => xs.reduce((a, x, i) => a + x * s.trueSum[i], 0) / weightTotal;
  return { precision: weighted(s.precision), recall: weighted(s.recall), fScore: weighted(s.fScore) };
}

/** A precision, recall or F-beta metric: which of the three it reports. */
export class SetWiseMetric extends LabelCountMetric<number> {
  protected constructor(
    metricName: string,
    private readonly options: PrecisionRecallOptions,
    private readonly beta: number,
    private readonly pick: keyof Scores,
  ) {
    super(metricName);
    checkOptions(options, beta, metricName);
  }

  /** The averaged score over every batch so far. */
  compute(): number {
    return averagedScores(this.counts, this.options, this.beta, this.metricName)[this.pick];
  }
}

/**
 * Streaming precision, TP / (TP + FP): of the samples predicted as a label, the fraction that are.
 * @example const p = new Precision({ average: 'macro' }); await p.update(preds, target); p.compute();
 */
export class Precision extends SetWiseMetric {
  constructor(options: PrecisionRecallOptions = {}) {
    super('precision', options, 1, 'precision');
  }
}

/**
 * Streaming recall, TP / (TP + FN): of the samples of a label, the fraction predicted as it.
 * @example const r = new Recall({ average: 'weighted' }); await r.update(preds, target); r.compute();
 */
export class Recall extends SetWiseMetric {
  constructor(options: PrecisionRecallOptions = {}) {
    super('recall', options, 1, 'recall');
  }
}

/**
 * Streaming F-beta score, (1 + beta²)·P·R / (beta²·P + R) per label, then averaged.
 * @example const f = new FBetaScore({ beta: 2, average: 'micro' }); await f.update(preds, target); f.compute();
 */
export class FBetaScore extends SetWiseMetric {
  constructor(options: FBetaOptions) {
    super('fbetaScore', options, options.beta, 'fScore');
  }
}

/**
 * Streaming F1 score, the harmonic mean of precision and recall (F-beta with beta = 1).
 * @example const f1 = new F1Score({ average: 'macro' }); await f1.update(preds, target); f1.compute();
 */
export class F1Score extends SetWiseMetric {
  constructor(options: PrecisionRecallOptions = {}) {
    super('f1Score', options, 1, 'fScore');
  }
}

/**
 * Precision of predicted labels (or argmax of class scores) against targets.
 * @example await precision([0, 1, 1, 0], [0, 1, 0, 0]); // 0.5
 */
export function precision(preds: MetricInput, target: MetricInput, options: PrecisionRecallOptions = {}): Promise<number> {
  return computeOnce(new Precision(options), preds, target);
}

/**
 * Recall of predicted labels (or argmax of class scores) against targets.
 * @example await recall([0, 1, 1, 0], [0, 1, 1, 1]); // 0.666...
 */
export function recall(preds: MetricInput, target: MetricInput, options: PrecisionRecallOptions = {}): Promise<number> {
  return computeOnce(new Recall(options), preds, target);
}

/**
 * F-beta score of predicted labels (or argmax of class scores) against targets.
 * @example await fbetaScore(preds, target, { beta: 0.5, average: 'macro' });
 */
export function fbetaScore(preds: MetricInput, target: MetricInput, options: FBetaOptions): Promise<number> {
  return computeOnce(new FBetaScore(options), preds, target);
}

/**
 * F1 score of predicted labels (or argmax of class scores) against targets.
 * @example await f1Score([0, 1, 1, 0], [0, 1, 0, 1]); // 0.5
 */
export function f1Score(preds: MetricInput, target: MetricInput, options: PrecisionRecallOptions = {}): Promise<number> {
  return computeOnce(new F1Score(options), preds, target);
}

/** Streaming per-label precision, recall, F-beta and support (average=None in scikit-learn). */
export class PerLabelMetric extends LabelCountMetric<PerLabelScores> {
  constructor(private readonly options: { beta?: number; labels?: readonly number[]; zeroDivision?: 0 | 1 }) {
    super('precisionRecallFscoreSupport');
    checkOptions({ zeroDivision: options.zeroDivision }, options.beta ?? 1, this.metricName);
  }

  /** The per-label scores over every batch so far. */
  compute(): PerLabelScores {
    const labels = this.options.labels ? [...this.options.labels] : this.counts.labels();
    const s = perLabel(this.counts, labels, this.options.beta ?? 1, this.options.zeroDivision ?? 0, false);
    return { labels, precision: s.precision, recall: s.recall, fScore: s.fScore, support: s.trueSum };
  }
}

/**
 * Precision, recall, F-beta and support of every label, unaveraged (scikit-learn's
 * precision_recall_fscore_support with average=None).
 * @example const { labels, precision } = await precisionRecallFscoreSupport(preds, target);
 */
export function precisionRecallFscoreSupport(
  preds: MetricInput,
  target: MetricInput,
  options: { beta?: number; labels?: readonly number[]; zeroDivision?: 0 | 1 } = {},
): Promise<PerLabelScores> {
  return computeOnce(new PerLabelMetric(options), preds, target);
}
