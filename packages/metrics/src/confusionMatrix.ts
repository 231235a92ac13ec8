// The confusion matrix: rows are target labels, columns predicted labels, as scikit-learn's
// confusion_matrix, including its `labels` and `normalize` options.
import { metricError, fmtLabels } from './errors.js';
import { LabelCountMetric } from './labelCounts.js';
import type { MetricInput } from './input.js';
import { computeOnce } from './metric.js';
import { checkChoice } from './options.js';

/** Options of the confusion matrix. */
export interface ConfusionMatrixOptions {
  /** The labels that index rows and columns, in this order; default: every label seen, sorted. */
  labels?: readonly number[];
  /** Divide by row sums ('true'), column sums ('pred') or the total ('all'); 0/0 gives 0. */
  normalize?: 'true' | 'pred' | 'all';
}

/** A confusion matrix and the labels of its rows and columns. */
export interface ConfusionMatrixResult {
  /** Label of each row (target) and column (prediction). */
  labels: number[];
  /** `matrix[i][j]`: samples with target `labels[i]` predicted as `labels[j]`. */
  matrix: number[][];
}

/**
 * Streaming confusion matrix. Samples whose target or prediction is not in `labels` are left
 * out. Empty input gives a 0x0 matrix (or zeros over the given labels).
 * @example const cm = new ConfusionMatrix(); await cm.update(preds, target); cm.compute().matrix;
 */
export class ConfusionMatrix extends LabelCountMetric<ConfusionMatrixResult> {
  constructor(private readonly options: ConfusionMatrixOptions = {}) {
    super('confusionMatrix');
    if (options.normalize !== undefined) checkChoice(options.normalize, ['true', 'pred', 'all'], 'confusionMatrix', 'normalize');
    if (options.labels !== undefined && options.labels.length === 0) throw metricError('confusionMatrix', 'labels must hold at least one label');
  }

  /** The matrix over every batch so far. */
  compute(): ConfusionMatrixResult {
    const labels = this.options.labels ? [...this.options.labels] : this.counts.labels();
    if (this.options.labels && this.counts.total > 0 && !labels.some((l) => this.counts.targetCount(l) > 0)) {
      throw metricError('confusionMatrix', `none of the labels ${fmtLabels(labels)} occurs in target; expected at least one`);
    }
    const matrix = labels.map((t) => labels.map((p) => this.counts.count(t, p)));
    return { labels, matrix: normalizeMatrix(matrix, this.options.normalize) };
  }
}

function normalizeMatrix(matrix: number[][], normalize: ConfusionMatrixOptions['normalize']): number[][] {
  if (normalize === undefined) return matrix;
  const rowSums = matrix.map((row) => row.reduce((a, b) => a + b, 0));
  const colSums = matrix.map((_, j) => matrix.reduce((a, row) => a + row[j], 0));
  const total = rowSums.reduce((a, b) => a + b, 0);
  // NOTE: scikit-learn turns the 0/0 of an empty row or column into 0 (nan_to_num).
  const divide = (x: number, d: number): number => (d === 0 ? 0 : x / d);
  return matrix.map((row, i) => row.map((x, j) => {
    if (normalize === 'true') return divide(x, rowSums[i]);
    if (normalize === 'pred') return divide(x, colSums[j]);
    return divide(x, total);
  }));
}

/**
 * The confusion matrix of predicted labels (or argmax of class scores) against targets.
 * @example (await confusionMatrix([0, 1, 1], [0, 1, 0])).matrix; // [[1, 1], [0, 1]]
 */
export function confusionMatrix(preds: MetricInput, target: MetricInput, options: ConfusionMatrixOptions = {}): Promise<ConfusionMatrixResult> {
  return computeOnce(new ConfusionMatrix(options), preds, target);
}
