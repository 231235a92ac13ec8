// Balanced accuracy: the mean of per-class recall, as scikit-learn's balanced_accuracy_score,
// so that a majority class cannot carry the score on imbalanced data.
import { metricError } from './errors.js';
import { LabelCountMetric } from './labelCounts.js';
import type { MetricInput } from './input.js';
import { computeOnce } from './metric.js';

/** Options of balanced accuracy. */
export interface BalancedAccuracyOptions {
  /** Rescale so that chance scores 0 and perfect 1: (score − 1/K) / (1 − 1/K) over K classes. */
  adjusted?: boolean;
}

/**
 * Streaming balanced accuracy: the mean recall over labels that occur in target. Labels seen
 * only in predictions are left out (scikit-learn warns); with no samples the result is NaN
 * (an error when `adjusted`), and `adjusted` with a single class gives -Infinity or NaN, as
 * scikit-learn's.
 * @example const b = new BalancedAccuracy(); await b.update(preds, target); b.compute();
 */
export class BalancedAccuracy extends LabelCountMetric<number> {
  constructor(private readonly options: BalancedAccuracyOptions = {}) {
    super('balancedAccuracy');
  }

  /** The balanced accuracy over every batch so far. */
  compute(): number {
    const recalls = this.counts.labels()
      .filter((l) => this.counts.targetCount(l) > 0)
      .map((l) => this.counts.count(l, l) / this.counts.targetCount(l));
    const score = recalls.reduce((a, b) => a + b, 0) / recalls.length;
    if (!this.options.adjusted) return score;
    if (recalls.length === 0) throw metricError('balancedAccuracy', 'adjusted balanced accuracy needs at least one sample (scikit-learn divides by zero classes)');
    const chance = 1 / recalls.length;
    return (score - chance) / (1 - chance);
  }
}

/**
 * Balanced accuracy of predicted labels (or argmax of class scores) against targets.
 * @example await balancedAccuracy([0, 1, 0, 0], [0, 1, 1, 1]); // 0.666...
 */
export function balancedAccuracy(preds: MetricInput, target: MetricInput, options: BalancedAccuracyOptions = {}): Promise<number> {
  return computeOnce(new BalancedAccuracy(options), preds, target);
}
