// Accuracy, precision, recall, F-scores, the confusion matrix, Matthews correlation and
// balanced accuracy are all functions of how often each (target, prediction) label pair
// occurs. Keeping those counts, sparse and keyed by label, is all a streaming metric needs,
// and the label set is fixed only at compute time, as scikit-learn fixes it from all the data.
import { readLabels } from './labels.js';
import type { MetricInput } from './input.js';
import type { Metric } from './metric.js';

/** How often each (target, prediction) label pair occurred. */
export class LabelCounts {
  private readonly pairs = new Map<number, Map<number, number>>();
  private readonly targetTotals = new Map<number, number>();
  private readonly predTotals = new Map<number, number>();
  /** Samples whose prediction equals the target. */
  correct = 0;
  /** Samples counted. */
  total = 0;

  /** Counts one pair per sample. */
  add(preds: Float64Array, target: Float64Array): void {
    for (let i = 0; i < target.length; i++) {
      const t = target[i];
      const p = preds[i];
      let row = this.pairs.get(t);
      if (row === undefined) this.pairs.set(t, (row = new Map()));
      row.set(p, (row.get(p) ?? 0) + 1);
      this.targetTotals.set(t, (this.targetTotals.get(t) ?? 0) + 1);
      this.predTotals.set(p, (this.predTotals.get(p) ?? 0) + 1);
      if (t === p) this.correct++;
    }
    this.total += target.length;
  }

  /** The labels seen in targets or predictions, sorted ascending (scikit-learn's `unique_labels`). */
  labels(): number[] {
    return [...new Set([...this.targetTotals.keys(), ...this.predTotals.keys()])].sort((a, b) => a - b);
  }

  /** Samples with this target label and this predicted label. */
  count(target: number, pred: number): number {
    return this.pairs.get(target)?.get(pred) ?? 0;
  }

  /** Samples whose target is `label` (its support). */
  targetCount(label: number): number {
    return this.targetTotals.get(label) ?? 0;
  }

  /** Samples predicted as `label`. */
  predCount(label: number): number {
    return this.predTotals.get(label) ?? 0;
  }

  /** Forgets every count. */
  clear(): void {
    this.pairs.clear();
    this.targetTotals.clear();
    this.predTotals.clear();
    this.correct = 0;
    this.total = 0;
  }
}

/** A streaming metric computed from label-pair counts: `update(preds, target)` adds a batch. */
export abstract class LabelCountMetric<Result> implements Metric<[MetricInput, MetricInput], Result> {
  protected readonly counts = new LabelCounts();

  protected constructor(
    /** The metric's name, which starts its error messages. */
    protected readonly metricName: string,
  ) {}

  /** Adds a batch: `preds` are labels of target's shape, or class scores with an extra last dimension. */
  async update(preds: MetricInput, target: MetricInput): Promise<void> {
    const pair = await readLabels(preds, target, this.metricName);
    this.counts.add(pair.preds, pair.target);
  }

  /** The metric over every batch so far. */
  abstract compute(): Result;

  /** Forgets every batch. */
  reset(): void {
    this.counts.clear();
  }
}
