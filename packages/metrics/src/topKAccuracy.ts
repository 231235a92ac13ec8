// Top-k accuracy: a sample counts as correct when its target is among the k highest-scored
// classes, as scikit-learn's top_k_accuracy_score.
import { fmtLabels, metricError } from './errors.js';
import type { MetricInput } from './input.js';
import { checkSortedLabels, readPair } from './labels.js';
import { computeOnce, type Metric } from './metric.js';

/** Options of top-k accuracy. */
export interface TopKAccuracyOptions {
  /** How many of the highest-scored classes may contain the target; default 2, as scikit-learn. */
  k?: number;
  /** The class of each score column, sorted; default: column j is class j. */
  labels?: readonly number[];
}

/**
 * Streaming top-k accuracy of class scores `[N, C]` against labels `[N]`. Ties are broken as
 * scikit-learn's stable descending sort does: among equal scores the later column ranks first.
 * The default column-j-is-class-j mapping equals scikit-learn with labels=range(C); with no
 * samples the result is NaN.
 * @example const top5 = new TopKAccuracy({ k: 5 }); await top5.update(logits, labels); top5.compute();
 */
export class TopKAccuracy implements Metric<[MetricInput, MetricInput], number> {
  private hits = 0;
  private total = 0;
  private readonly k: number;

  constructor(private readonly options: TopKAccuracyOptions = {}) {
    this.k = options.k ?? 2;
    if (!Number.isInteger(this.k) || this.k < 1) throw metricError('topKAccuracy', `k must be a positive integer, got ${this.k}`);
    if (options.labels) checkSortedLabels(options.labels, 'topKAccuracy');
  }

  /** Adds a batch of class scores `[N, C]` and target labels `[N]`. */
  async update(preds: MetricInput, target: MetricInput): Promise<void> {
    const { preds: scores, target: labels, numClasses: c } = await readPair(preds, target, 'topKAccuracy');
    if (c === 0) throw metricError('topKAccuracy', 'expected class scores with one more trailing dimension than target, got labels of target\'s shape');
    const columns = this.options.labels;
    if (columns && columns.length !== c) throw metricError('topKAccuracy', `labels names ${columns.length} classes but preds has ${c} score columns`);
    const column = new Map((columns ?? Array.from({ length: c }, (_, j) => j)).map((label, j) => [label, j]));
    for (let i = 0; i < labels.length; i++) {
      const t = column.get(labels[i]);
      if (t === undefined) throw metricError('topKAccuracy', `target holds label ${labels[i]}, which names no score column (classes ${fmtLabels([...column.keys()])})`);
      const own = scores[i * c + t];
      let above = 0;
      for (let j = 0; j < c; j++) {
        const s = scores[i * c + j];
        if (s > own || (s === own && j > t)) above++;
      }
      if (above < this.k) this.hits++;
    }
    this.total += labels.length;
  }

  /** The fraction of samples whose target is in the top k, over every batch so far. */
  compute(): number {
    return this.hits / this.total;
  }

  /** Forgets every batch. */
  reset(): void {
    this.hits = 0;
    this.total = 0;
  }
}

/**
 * Top-k accuracy of class scores `[N, C]` against labels `[N]`.
 * @example await topKAccuracy([[0.5, 0.2, 0.3], [0.1, 0.2, 0.7]], [2, 0], { k: 2 }); // 0.5
 */
export function topKAccuracy(preds: MetricInput, target: MetricInput, options: TopKAccuracyOptions = {}): Promise<number> {
  return computeOnce(new TopKAccuracy(options), preds, target);
}
