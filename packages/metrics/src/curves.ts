// ROC and precision-recall curves of binary scores, as scikit-learn 1.2's roc_curve and
// precision_recall_curve: for plotting, or for choosing an operating threshold.
import {
  precisionRecallFromCounts, rocFromCounts, thresholdCounts,
  type PrecisionRecallCurveResult, type RocCurveResult, type ThresholdCounts,
} from './binaryCurve.js';
import { fmtLabels, metricError } from './errors.js';
import type { MetricInput } from './input.js';
import { sortedUnique } from './labels.js';
import { computeOnce } from './metric.js';
import { ScoreMetric } from './scoreStore.js';

/** Options of both curves. */
export interface CurveOptions {
  /**
   * The positive label. When omitted, target must take values in {0, 1} or {-1, 1} and the
   * positive label is 1; when given, every other label counts as negative.
   */
  posLabel?: number;
}

/** Options of the ROC curve. */
export interface RocCurveOptions extends CurveOptions {
  /** Drop thresholds whose points are collinear with their neighbours (default true, as scikit-learn). */
  dropIntermediate?: boolean;
}

/** Which samples are positive, after scikit-learn's posLabel rules. */
function positives(target: Float64Array, posLabel: number | undefined, metric: string): boolean[] {
  if (target.length === 0) throw metricError(metric, 'no samples; expected at least one');
  if (posLabel === undefined) {
    const classes = sortedUnique(target);
    const allowed = classes.every((c) => c === 0 || c === 1) || classes.every((c) => c === -1 || c === 1);
    if (!allowed) {
      throw metricError(metric, `target takes values ${fmtLabels(classes)} and posLabel is not given; use labels in {0, 1} or {-1, 1}, or pass posLabel`);
    }
    posLabel = 1;
  }
  return Array.from(target, (t) => t === posLabel);
}

/** A streaming curve over stored binary scores `[N]`. */
export abstract class CurveMetric<Result> extends ScoreMetric<Result> {
  /** The positive flags and scores of every batch so far, checked to be binary scores. */
  protected sweep(posLabel: number | undefined): ThresholdCounts {
    const { scores, target, numClasses } = this.stored();
    if (numClasses !== 0) throw metricError(this.metricName, `expected one score per sample, got ${numClasses} class scores per sample; pick the positive class's column`);
    return thresholdCounts(positives(target, posLabel, this.metricName), scores);
  }
}

/**
 * Streaming ROC curve of binary scores: false and true positive rates at each distinct
 * threshold, from (0, 0). Keeps every score until `reset`.
 * @example const roc = new RocCurve(); await roc.update(scores, labels); const { fpr, tpr } = roc.compute();
 */
export class RocCurve extends CurveMetric<RocCurveResult> {
  constructor(private readonly options: RocCurveOptions = {}) {
    super('rocCurve');
  }

  /** The curve over every batch so far. */
  compute(): RocCurveResult {
    return rocFromCounts(this.sweep(this.options.posLabel), this.options.dropIntermediate ?? true);
  }
}

/**
 * Streaming precision-recall curve of binary scores: precision and recall at each distinct
 * threshold (increasing), ending at precision 1, recall 0. Keeps every score until `reset`.
 * @example const pr = new PrecisionRecallCurve(); await pr.update(scores, labels); pr.compute().precision;
 */
export class PrecisionRecallCurve extends CurveMetric<PrecisionRecallCurveResult> {
  constructor(private readonly options: CurveOptions = {}) {
    super('precisionRecallCurve');
  }

  /** The curve over every batch so far. */
  compute(): PrecisionRecallCurveResult {
    return precisionRecallFromCounts(this.sweep(this.options.posLabel));
  }
}

/**
 * The ROC curve of binary scores `[N]` against labels.
 * @example const { fpr, tpr, thresholds } = await rocCurve([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]);
 */
export function rocCurve(preds: MetricInput, target: MetricInput, options: RocCurveOptions = {}): Promise<RocCurveResult> {
  return computeOnce(new RocCurve(options), preds, target);
}

/**
 * The precision-recall curve of binary scores `[N]` against labels.
 * @example const { precision, recall } = await precisionRecallCurve([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]);
 */
export function precisionRecallCurve(preds: MetricInput, target: MetricInput, options: CurveOptions = {}): Promise<PrecisionRecallCurveResult> {
  return computeOnce(new PrecisionRecallCurve(options), preds, target);
}
