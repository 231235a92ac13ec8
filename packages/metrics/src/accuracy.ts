// Accuracy: the fraction of samples whose predicted label equals the target, as
// scikit-learn's accuracy_score for binary and multiclass labels.
import { LabelCountMetric } from './labelCounts.js';
import type { MetricInput } from './input.js';
import { computeOnce } from './metric.js';

/**
 * Streaming accuracy, `correct / total`. `preds` are labels of target's shape, or class
 * scores with an extra last dimension (argmax taken, first index on ties). With no samples
 * the result is NaN, as scikit-learn's.
 * @example const acc = new Accuracy(); await acc.update(logits, labels); acc.compute();
 */
export class Accuracy extends LabelCountMetric<number> {
  constructor() {
    super('accuracy');
  }

  /** The fraction of correct predictions so far (NaN before any sample). */
  compute(): number {
    return this.counts.correct / this.counts.total;
  }
}

/**
 * Accuracy of predicted labels (or of the argmax of class scores) against targets.
 * @example await accuracy([0, 2, 1, 3], [0, 1, 2, 3]); // 0.5
 */
export function accuracy(preds: MetricInput, target: MetricInput): Promise<number> {
  return computeOnce(new Accuracy(), preds, target);
}
