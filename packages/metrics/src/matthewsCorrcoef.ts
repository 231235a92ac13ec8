// Matthews correlation coefficient, in its multiclass form (Gorodkin's R_K), as
// scikit-learn's matthews_corrcoef: a correlation between target and prediction that stays
// informative when classes are imbalanced.
import { LabelCountMetric } from './labelCounts.js';
import type { MetricInput } from './input.js';
import { computeOnce } from './metric.js';

/**
 * Streaming Matthews correlation. With c correct of n samples, t_k and p_k the target and
 * predicted counts of label k: (c·n − Σ t_k·p_k) / sqrt((n² − Σ p_k²)(n² − Σ t_k²)). When
 * either factor under the root is 0 (one label only, or no samples) it is 0, as scikit-learn.
 * @example const mcc = new MatthewsCorrcoef(); await mcc.update(preds, target); mcc.compute();
 */
export class MatthewsCorrcoef extends LabelCountMetric<number> {
  constructor() {
    super('matthewsCorrcoef');
  }

  /** The coefficient over every batch so far, in [-1, 1]. */
  compute(): number {
    const labels = this.counts.labels();
    const n = this.counts.total;
    let tp = 0;
    let pp = 0;
    let tt = 0;
    for (const l of labels) {
      const t = this.counts.targetCount(l);
      const p = this.counts.predCount(l);
      tp += t * p;
      pp += p * p;
      tt += t * t;
    }
    const covTruePred = this.counts.correct * n - tp;
    const covPredPred = n * n - pp;
    const covTrueTrue = n * n - tt;
    if (covPredPred * covTrueTrue === 0) return 0;
    return covTruePred / Math.sqrt(covTrueTrue * covPredPred);
  }
}

/**
 * Matthews correlation of predicted labels (or argmax of class scores) against targets.
 * @example await matthewsCorrcoef([1, 1, 1, 0], [1, 0, 1, 1]); // -0.333...
 */
export function matthewsCorrcoef(preds: MetricInput, target: MetricInput): Promise<number> {
  return computeOnce(new MatthewsCorrcoef(), preds, target);
}
