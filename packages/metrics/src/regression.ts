// What every regression metric shares: preds and target of one shape, `[N]` or `[N, D]` for
// D outputs, checked and read to the host; per-output statistics kept across batches; and
// scikit-learn's `multioutput` choice of averaging the D per-output scores or returning them.
import { fmt, metricError } from './errors.js';
import { checkFinite, readInput, type MetricInput } from './input.js';
import type { Metric } from './metric.js';
import { checkChoice } from './options.js';

/** How per-output scores of `[N, D]` inputs combine: their mean (default) or the D values. */
export type Multioutput = 'uniformAverage' | 'rawValues';

/** The result type for a `multioutput` choice: an array of per-output scores for 'rawValues'. */
export type RegressionResult<M> = M extends 'rawValues' ? number[] : number;

/** Options every regression metric takes. */
export interface RegressionOptions<M> {
  /** 'uniformAverage' (default): the mean over outputs; 'rawValues': one score per output. */
  multioutput?: M;
}

/** A streaming regression metric over preds and target `[N]` or `[N, D]`. */
export abstract class RegressionMetric<M extends string> implements Metric<[MetricInput, MetricInput], RegressionResult<M>> {
  /** Outputs per sample (D), fixed by the first batch. */
  protected outputs: number | null = null;
  /** Samples seen. */
  protected count = 0;

  protected constructor(
    /** The metric's name, which starts its error messages. */
    protected readonly metricName: string,
    /** The multioutput choice. */
    protected readonly multioutput: M,
    allowed: readonly M[],
  ) {
    checkChoice(multioutput, allowed, metricName, 'multioutput');
  }

  /** Adds a batch of predictions and targets of one shape, `[N]` or `[N, D]`. */
  async update(preds: MetricInput, target: MetricInput): Promise<void> {
    const p = await readInput(preds, this.metricName, 'preds');
    const t = await readInput(target, this.metricName, 'target');
    const outputsOf = (shape: number[]): number => (shape.length === 1 ? 1 : shape.length === 2 ? shape[1] : -1);
    const outputs = outputsOf(t.shape);
    if (outputs < 0 || outputsOf(p.shape) !== outputs || p.shape[0] !== t.shape[0]) {
      throw metricError(this.metricName, `preds has shape ${fmt(p.shape)} and target ${fmt(t.shape)}; expected both [N] or both [N, D]`);
    }
    if (this.outputs !== null && outputs !== this.outputs) {
      throw metricError(this.metricName, `earlier batches had ${this.outputs} outputs per sample, this one has ${outputs}`);
    }
    checkFinite(p.values, this.metricName, 'preds');
    checkFinite(t.values, this.metricName, 'target');
    this.outputs = outputs;
    this.accumulate(p.values, t.values, t.shape[0], outputs);
    this.count += t.shape[0];
  }

  /** Folds a batch of `rows` samples of `outputs` values each (row-major) into the statistics. */
  protected abstract accumulate(preds: Float64Array, target: Float64Array, rows: number, outputs: number): void;

  /** The score of each output over every batch so far. */
  protected abstract perOutput(): { scores: number[]; weights?: number[] };

  /** The metric over every batch so far: one number, or one per output with 'rawValues'. */
  compute(): RegressionResult<M> {
    if (this.count === 0) throw metricError(this.metricName, 'no samples; expected at least one, as scikit-learn requires');
    const { scores, weights } = this.perOutput();
    if (this.multioutput === 'rawValues') return scores as RegressionResult<M>;
    // Weights are all zero only when every output's target is constant: fall back to uniform, as scikit-learn.
    const w = this.multioutput === 'varianceWeighted' && weights?.some((x) => x !== 0) ? weights : scores.map(() => 1);
    const total = w.reduce((a, b) => a + b, 0);
    return scores.reduce((a, s, i) => a + s * w[i], 0) / total as RegressionResult<M>;
  }

  /** Forgets every batch. */
  reset(): void {
    this.outputs = null;
    this.count = 0;
    this.clear();
  }

  /** Clears the metric's own statistics. */
  protected abstract clear(): void;
}
