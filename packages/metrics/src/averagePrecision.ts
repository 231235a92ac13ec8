// Average precision, the step-wise area under the precision-recall curve, as
// scikit-learn's average_precision_score: binary, or one-vs-rest over class scores (which
// scikit-learn 1.2 computes for a binarised target; 1.3 added the same for multiclass).
import { binaryAveragePrecision } from './binaryCurve.js';
import { fmtLabels, metricError } from './errors.js';
import type { MetricInput } from './input.js';
import { sortedUnique } from './labels.js';
import { computeOnce } from './metric.js';
import { checkChoice } from './options.js';
import { averageOneVsRest, oneVsRestClasses, ScoreMetric, type OneVsRestAverage } from './scoreStore.js';

/** Options of average precision. */
export interface AveragePrecisionOptions {
  /** The positive label for binary scores `[N]`; default 1. */
  posLabel?: number;
  /** How one-vs-rest scores `[N, C]` combine: 'macro' (default), 'weighted' by positives, or 'micro'. */
  average?: OneVsRestAverage;
  /** The class of each score column, sorted; default: the sorted labels of target, which must number C. */
  labels?: readonly number[];
}

/**
 * Streaming average precision, AP = Σ_k (R_k − R_{k−1})·P_k over decreasing distinct
 * thresholds. Tied scores form one step. With no positives, recall is taken as 1 everywhere
 * and AP is 0 (as scikit-learn, which warns). Keeps every score until `reset`.
 * @example const ap = new AveragePrecision(); await ap.update(scores, labels); ap.compute();
 */
export class AveragePrecision extends ScoreMetric<number> {
  constructor(private readonly options: AveragePrecisionOptions = {}) {
    super('averagePrecision');
    checkChoice(options.average ?? 'macro', ['macro', 'weighted', 'micro'], 'averagePrecision', 'average');
  }

  /** Average precision over every batch so far. */
  compute(): number {
    const { scores, target, numClasses } = this.stored();
    if (numClasses === 0) {
      const present = sortedUnique(target);
      const posLabel = this.options.posLabel ?? 1;
      if (present.length > 2) {
        throw metricError('averagePrecision', `target holds ${present.length} classes ${fmtLabels(present)}; pass class scores of shape [${target.length},${present.length}] for one-vs-rest average precision`);
      }
      if (present.length === 2 && !present.includes(posLabel)) {
        throw metricError('averagePrecision', `posLabel=${posLabel} is not a valid label; expected one of ${fmtLabels(present)}`);
      }
      if (target.length === 0) throw metricError('averagePrecision', 'no samples; expected at least one');
      return binaryAveragePrecision(Array.from(target, (t) => t === posLabel), scores);
    }
    const classes = oneVsRestClasses(target, numClasses, this.options.labels, 'averagePrecision');
    return averageOneVsRest(binaryAveragePrecision, target, scores, classes, this.options.average ?? 'macro');
  }
}

/**
 * Average precision of scores `[N]` (binary) or class scores `[N, C]` (one-vs-rest) against labels.
 * @example await averagePrecision([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]); // 0.8333...
 */
export function averagePrecision(preds: MetricInput, target: MetricInput, options: AveragePrecisionOptions = {}): Promise<number> {
  return computeOnce(new AveragePrecision(options), preds, target);
}
