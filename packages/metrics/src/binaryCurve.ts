// The threshold sweep behind ROC AUC, average precision and their curves, as scikit-learn
// 1.2's _binary_clf_curve: scores sorted in decreasing order, one point per distinct score
// (so tied scores move together), true and false positives counted at each.

/** Counts of false and true positives when predicting positive at or above each threshold. */
export interface ThresholdCounts {
  fps: number[];
  tps: number[];
  /** The distinct scores, decreasing. */
  thresholds: number[];
}

/** Sweeps the distinct scores downward; `positive[i]` says whether sample i is positive. */
export function thresholdCounts(positive: ArrayLike<boolean>, scores: ArrayLike<number>): ThresholdCounts {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b] - scores[a]);
  const out: ThresholdCounts = { fps: [], tps: [], thresholds: [] };
  let tp = 0;
  for (let k = 0; k < order.length; k++) {
    if (positive[order[k]]) tp++;
    const last = k === order.length - 1;
    if (last || scores[order[k]] !== scores[order[k + 1]]) {
      out.tps.push(tp);
      out.fps.push(k + 1 - tp);
      out.thresholds.push(scores[order[k]]);
    }
  }
  return out;
}

/** A receiver operating characteristic curve. */
export interface RocCurveResult {
  /** False positive rate at each threshold (NaN throughout when there are no negatives). */
  fpr: number[];
  /** True positive rate at each threshold (NaN throughout when there are no positives). */
  tpr: number[];
  /** Decreasing thresholds; the first is the highest score plus 1, so the curve starts at (0, 0). */
  thresholds: number[];
}

/**
 * The ROC curve of a threshold sweep, as scikit-learn 1.2's roc_curve: with
 * `dropIntermediate`, points collinear with their neighbours are dropped (they do not change
 * the curve or its area).
 */
export function rocFromCounts(counts: ThresholdCounts, dropIntermediate: boolean): RocCurveResult {
  let { fps, tps, thresholds } = counts;
  if (dropIntermediate && fps.length > 2) {
    const keep = fps.map((_, i) => i === 0 || i === fps.length - 1
      || fps[i - 1] - 2 * fps[i] + fps[i + 1] !== 0 || tps[i - 1] - 2 * tps[i] + tps[i + 1] !== 0);
    fps = fps.filter((_, i) => keep[i]);
    tps = tps.filter((_, i) => keep[i]);
    thresholds = thresholds.filter((_, i) => keep[i]);
  }
  fps = [0, ...fps];
  tps = [0, ...tps];
  const lastFp = fps[fps.length - 1];
  const lastTp = tps[tps.length - 1];
  return {
    fpr: fps.map((x) => (lastFp <= 0 ? NaN : x / lastFp)),
    tpr: tps.map((x) => (lastTp <= 0 ? NaN : x / lastTp)),
    // NOTE: scikit-learn 1.2 starts at max score + 1; from 1.3 on it starts at +Infinity.
    thresholds: [thresholds[0] + 1, ...thresholds],
  };
}

/** A precision-recall curve. */
export interface PrecisionRecallCurveResult {
  /** Precision at each threshold, then a final 1. */
  precision: number[];
  /** Recall at each threshold (1 throughout when there are no positives), then a final 0. */
  recall: number[];
  /** Increasing thresholds: the distinct scores. */
  thresholds: number[];
}

/** The precision-recall curve of a threshold sweep, as scikit-learn 1.2's precision_recall_curve. */
export function precisionRecallFromCounts(counts: ThresholdCounts): PrecisionRecallCurveResult {
  const { fps, tps, thresholds } = counts;
  const lastTp = tps[tps.length - 1];
  const precision = tps.map((tp, i) => (tp + fps[i] === 0 ? 0 : tp / (tp + fps[i])));
  // NOTE: with no positives at all scikit-learn sets recall to 1 everywhere (and warns).
  const recall = tps.map((tp) => (lastTp === 0 ? 1 : tp / lastTp));
  return {
    precision: [...precision.reverse(), 1],
    recall: [...recall.reverse(), 0],
    thresholds: [...thresholds].reverse(),
  };
}

/** Area under a curve by the trapezoidal rule, for x increasing (as scikit-learn's auc on a ROC curve). */
export function trapezoid(x: readonly number[], y: readonly number[]): number {
  let area = 0;
  for (let i = 1; i < x.length; i++) area += ((x[i] - x[i - 1]) * (y[i] + y[i - 1])) / 2;
  return area;
}

/** ROC AUC of binary labels: the trapezoidal area under the (dropped-intermediate) ROC curve. */
export function binaryRocAuc(positive: ArrayLike<boolean>, scores: ArrayLike<number>): number {
  const roc = rocFromCounts(thresholdCounts(positive, scores), true);
  return trapezoid(roc.fpr, roc.tpr);
}

/**
 * Average precision of binary labels, scikit-learn's step-wise sum Σ (R_k − R_{k−1})·P_k
 * over decreasing thresholds (no interpolation), tied scores forming one step.
 */
export function binaryAveragePrecision(positive: ArrayLike<boolean>, scores: ArrayLike<number>): number {
  const { precision, recall } = precisionRecallFromCounts(thresholdCounts(positive, scores));
  let sum = 0;
  for (let i = 0; i < recall.length - 1; i++) sum += (recall[i + 1] - recall[i]) * precision[i];
  return -sum;
}
