// Log loss (cross-entropy of predicted probabilities), as scikit-learn 1.2's log_loss:
// probabilities are clipped to [eps, 1 − eps], each row renormalised to sum to 1, and the
// columns belong to the sorted labels of target (or to `labels`).
import { fmtLabels, metricError } from './errors.js';
import { checkFinite, type MetricInput } from './input.js';
import { checkSortedLabels, readPair, sortedUnique } from './labels.js';
import { computeOnce, type Metric } from './metric.js';

/** Options of log loss. */
export interface LogLossOptions {
  /** The class of each probability column, sorted; default: the sorted labels seen in target. */
  labels?: readonly number[];
  /** Clipping bound; default 2.220446049250313e-16, float64's machine epsilon (scikit-learn 1.2's 'auto' for float64 input). */
  eps?: number;
}

const FLOAT64_EPS = 2.220446049250313e-16;

/**
 * Streaming log loss, −(1/N) Σ_i log q_{i, y_i}, with q the clipped, renormalised
 * probabilities. `preds` are probabilities of the positive (larger) label `[N]`, or of each
 * class `[N, C]`. Constant memory: per target label seen, it keeps the summed −log q of every
 * column, as the column a label maps to is only known once every label has been seen.
 * Unlike scikit-learn, a target label missing from `labels` is an error (scikit-learn adds 0).
 * @example const ll = new LogLoss(); await ll.update(probs, labels); ll.compute();
 */
export class LogLoss implements Metric<[MetricInput, MetricInput], number> {
  private readonly sums = new Map<number, Float64Array>();
  private columns: number | null = null;
  private total = 0;
  private readonly eps: number;

  constructor(private readonly options: LogLossOptions = {}) {
    this.eps = options.eps ?? FLOAT64_EPS;
    if (!(this.eps >= 0 && this.eps < 0.5)) throw metricError('logLoss', `eps must be in [0, 0.5), got ${this.eps}`);
    if (options.labels) checkSortedLabels(options.labels, 'logLoss');
  }

  /** Adds a batch of probabilities (`[N]` positive class or `[N, C]`) and labels `[N]`. */
  async update(preds: MetricInput, target: MetricInput): Promise<void> {
    const pair = await readPair(preds, target, 'logLoss');
    checkFinite(pair.preds, 'logLoss', 'preds');
    const columns = pair.numClasses === 0 ? 2 : pair.numClasses;
    if (this.columns !== null && columns !== this.columns) {
      throw metricError('logLoss', `earlier batches had ${this.columns} probability columns, this one has ${columns}`);
    }
    this.columns = columns;
    const clip = (p: number): number => Math.min(Math.max(p, this.eps), 1 - this.eps);
    const row = new Float64Array(columns);
    for (let i = 0; i < pair.target.length; i++) {
      if (pair.numClasses === 0) {
        const p = clip(pair.preds[i]);
        row[0] = 1 - p;
        row[1] = p;
      } else {
        for (let j = 0; j < columns; j++) row[j] = clip(pair.preds[i * columns + j]);
      }
      const sum = row.reduce((a, b) => a + b, 0);
      let acc = this.sums.get(pair.target[i]);
      if (acc === undefined) this.sums.set(pair.target[i], (acc = new Float64Array(columns)));
      for (let j = 0; j < columns; j++) acc[j] -= Math.log(row[j] / sum);
    }
    this.total += pair.target.length;
  }

  /** The mean log loss over every batch so far. */
  compute(): number {
    if (this.total === 0 || this.columns === null) throw metricError('logLoss', 'no samples; expected at least one');
    const seen = sortedUnique(this.sums.keys());
    const classes = this.options.labels ? [...this.options.labels] : seen;
    if (classes.length === 1) {
      throw metricError('logLoss', `only one label (${classes[0]}) is known, and log loss needs two or more; pass labels to name every class`);
    }
    if (classes.length !== this.columns) {
      throw metricError('logLoss', `${this.options.labels ? 'labels names' : 'target holds'} ${classes.length} classes ${fmtLabels(classes)} but preds has ${this.columns} probability columns; pass labels to name the columns`);
    }
    const column = new Map(classes.map((label, j) => [label, j]));
    let loss = 0;
    for (const [label, acc] of this.sums) {
      const j = column.get(label);
      if (j === undefined) throw metricError('logLoss', `target holds label ${label}, which is not in labels ${fmtLabels(classes)}`);
      loss += acc[j];
    }
    return loss / this.total;
  }

  /** Forgets every batch. */
  reset(): void {
    this.sums.clear();
    this.columns = null;
    this.total = 0;
  }
}

/**
 * Log loss of predicted probabilities against labels.
 * @example await logLoss([[0.1, 0.9], [0.9, 0.1], [0.8, 0.2], [0.35, 0.65]], [1, 0, 0, 1]); // 0.21616...
 */
export function logLoss(preds: MetricInput, target: MetricInput, options: LogLossOptions = {}): Promise<number> {
  return computeOnce(new LogLoss(options), preds, target);
}
