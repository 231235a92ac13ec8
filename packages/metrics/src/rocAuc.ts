// Area under the ROC curve, binary or one-vs-rest, as scikit-learn 1.2's roc_auc_score
// (multi_class='ovr'): the probability that a random positive scores above a random
// negative, ties counting one half.
import { binaryRocAuc } from './binaryCurve.js';
import { fmtLabels, metricError } from './errors.js';
import type { MetricInput } from './input.js';
import { sortedUnique } from './labels.js';
import { computeOnce } from './metric.js';
import { checkChoice } from './options.js';
import { averageOneVsRest, oneVsRestClasses, ScoreMetric, type OneVsRestAverage } from './scoreStore.js';

/** Options of ROC AUC. */
export interface RocAucOptions {
  /** How one-vs-rest AUCs of `[N, C]` scores combine: 'macro' (default), 'weighted' by positives, or 'micro'. */
  average?: OneVsRestAverage;
  /** The class of each score column, sorted; default: the sorted labels of target, which must number C. */
  labels?: readonly number[];
}

/**
 * Streaming ROC AUC. `preds` are scores `[N]` for binary targets (the larger label is the
 * positive class) or class probabilities `[N, C]` (rows summing to 1, as scikit-learn checks)
 * scored one-vs-rest. Throws when a class lacks positives or negatives: AUC is undefined there.
 * Keeps every score until `reset`.
 * @example const auc = new RocAuc(); await auc.update(probs, labels); auc.compute();
 */
export class RocAuc extends ScoreMetric<number> {
  constructor(private readonly options: RocAucOptions = {}) {
    super('rocAuc');
    checkChoice(options.average ?? 'macro', ['macro', 'weighted', 'micro'], 'rocAuc', 'average');
  }

  /** The AUC over every batch so far. */
  compute(): number {
    const { scores, target, numClasses } = this.stored();
    if (numClasses === 0) {
      const classes = sortedUnique(target);
      if (classes.length > 2) {
        throw metricError('rocAuc', `target holds ${classes.length} classes ${fmtLabels(classes)}; pass class probabilities of shape [${target.length},${classes.length}] for one-vs-rest ROC AUC`);
      }
      return definedRocAuc(Array.from(target, (t) => t === classes[1]), scores);
    }
    checkProbabilities(scores, numClasses);
    const classes = oneVsRestClasses(target, numClasses, this.options.labels, 'rocAuc');
    return averageOneVsRest(definedRocAuc, target, scores, classes, this.options.average ?? 'macro');
  }
}

/** Binary ROC AUC that throws, as scikit-learn, when positives or negatives are missing. */
function definedRocAuc(positive: ArrayLike<boolean>, scores: ArrayLike<number>): number {
  let positives = 0;
  for (let i = 0; i < positive.length; i++) if (positive[i]) positives++;
  if (positives === 0 || positives === positive.length) {
    throw metricError('rocAuc', `only one class is present in target (${positive.length} samples, ${positives} positive); ROC AUC is undefined without both positives and negatives`);
  }
  return binaryRocAuc(positive, scores);
}

/** scikit-learn's check that one-vs-rest scores are probabilities: np.allclose(1, row sums). */
function checkProbabilities(scores: Float64Array, numClasses: number): void {
  for (let r = 0; r < scores.length / numClasses; r++) {
    let sum = 0;
    for (let c = 0; c < numClasses; c++) sum += scores[r * numClasses + c];
    if (!(Math.abs(1 - sum) <= 1e-8 + 1e-5 * Math.abs(sum))) {
      throw metricError('rocAuc', `one-vs-rest scores must be probabilities summing to 1 over classes, but row ${r} sums to ${sum}; apply softmax first`);
    }
  }
}

/**
 * ROC AUC of scores `[N]` (binary) or class probabilities `[N, C]` (one-vs-rest) against labels.
 * @example await rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]); // 0.75
 */
export function rocAuc(preds: MetricInput, target: MetricInput, options: RocAucOptions = {}): Promise<number> {
  return computeOnce(new RocAuc(options), preds, target);
}
