// R² and explained variance, as scikit-learn 1.2's r2_score and explained_variance_score.
// Both compare an error spread with the target's spread; streaming versions keep per-output
// means and centred sums of squares merged batch by batch (Chan et al.'s pairwise update),
// which is as stable as scikit-learn's two passes.
import type { MetricInput } from './input.js';
import { computeOnce } from './metric.js';
import { RegressionMetric, type Multioutput, type RegressionOptions, type RegressionResult } from './regression.js';

/** How per-output R² or explained variance combine: also 'varianceWeighted', by each target's variance. */
export type VarianceMultioutput = Multioutput | 'varianceWeighted';

/** Options of R² and explained variance. */
export interface VarianceScoreOptions<M> extends RegressionOptions<M> {
  /**
   * Replace non-finite scores of constant targets (default true, as scikit-learn): a perfect
   * prediction scores 1 and any other 0. When false, 1 − num/0 gives -Infinity or NaN.
   */
  forceFinite?: boolean;
}

/** Running mean and centred sum of squares of one output. */
class Moments {
  mean = 0;
  m2 = 0;

  /** Merges a batch of `n` values into statistics of `seen` earlier values. */
  merge(values: readonly number[], seen: number): void {
    const n = values.length;
    const batchMean = values.reduce((a, b) => a + b, 0) / n;
    const batchM2 = values.reduce((a, v) => a + (v - batchMean) ** 2, 0);
    if (seen === 0) {
      // The first batch is plain two-pass statistics, exactly as scikit-learn computes them.
      this.mean = batchMean;
      this.m2 = batchM2;
      return;
    }
    const delta = batchMean - this.mean;
    const total = seen + n;
    this.mean += (delta * n) / total;
    this.m2 += batchM2 + (delta * delta * seen * n) / total;
  }
}

/** Per-output moments of the target and of the residual target − pred, and the residual sum of squares. */
export class VarianceScore<M extends VarianceMultioutput> extends RegressionMetric<M> {
  private targetMoments: Moments[] = [];
  private residualMoments: Moments[] = [];
  private squaredResiduals: number[] = [];
  private readonly forceFinite: boolean;

  protected constructor(metricName: string, options: VarianceScoreOptions<M>, private readonly explained: boolean) {
    super(metricName, options.multioutput ?? ('uniformAverage' as M), ['uniformAverage', 'rawValues', 'varianceWeighted'] as M[]);
    this.forceFinite = options.forceFinite ?? true;
  }

  protected accumulate(preds: Float64Array, target: Float64Array, rows: number, outputs: number): void {
    if (rows === 0) return;
    if (this.targetMoments.length === 0) {
      this.targetMoments = Array.from({ length: outputs }, () => new Moments());
      this.residualMoments = Array.from({ length: outputs }, () => new Moments());
      this.squaredResiduals = new Array<number>(outputs).fill(0);
    }
    for (let d = 0; d < outputs; d++) {
      const y = Array.from({ length: rows }, (_, i) => target[i * outputs + d]);
      const r = Array.from({ length: rows }, (_, i) => target[i * outputs + d] - preds[i * outputs + d]);
      this.targetMoments[d].merge(y, this.count);
      this.residualMoments[d].merge(r, this.count);
      this.squaredResiduals[d] += r.reduce((a, v) => a + v * v, 0);
    }
  }

  protected perOutput(): { scores: number[]; weights: number[] } {
    // R²: 1 − Σ(y − ŷ)² / Σ(y − ȳ)². Explained variance: 1 − Var(y − ŷ) / Var(y).
    const n = this.count;
    const numerators = this.explained ? this.residualMoments.map((m) => m.m2 / n) : this.squaredResiduals;
    const denominators = this.targetMoments.map((m) => (this.explained ? m.m2 / n : m.m2));
    // NOTE: scikit-learn's R² is NaN for fewer than two samples, whatever forceFinite says.
    if (!this.explained && n < 2) return { scores: denominators.map(() => NaN), weights: denominators };
    const scores = numerators.map((num, d) => {
      const den = denominators[d];
      if (!this.forceFinite) return 1 - num / den;
      if (num === 0) return 1;
      return den === 0 ? 0 : 1 - num / den;
    });
    return { scores, weights: denominators };
  }

  protected clear(): void {
    this.targetMoments = [];
    this.residualMoments = [];
    this.squaredResiduals = [];
  }
}

/**
 * Streaming coefficient of determination R² = 1 − Σ(y − ŷ)² / Σ(y − ȳ)² per output: 1 is a
 * perfect fit, 0 the constant mean, and it can be negative. Fewer than two samples give NaN.
 * @example const r2 = new R2Score(); await r2.update(preds, target); r2.compute();
 */
export class R2Score<M extends VarianceMultioutput = 'uniformAverage'> extends VarianceScore<M> {
  constructor(options: VarianceScoreOptions<M> = {}) {
    super('r2Score', options, false);
  }
}

/**
 * Streaming explained variance 1 − Var(y − ŷ) / Var(y) per output: R² without penalising a
 * constant bias of the predictions.
 * @example const ev = new ExplainedVariance(); await ev.update(preds, target); ev.compute();
 */
export class ExplainedVariance<M extends VarianceMultioutput = 'uniformAverage'> extends VarianceScore<M> {
  constructor(options: VarianceScoreOptions<M> = {}) {
    super('explainedVariance', options, true);
  }
}

/**
 * R² of predictions `[N]` or `[N, D]` against targets of the same shape.
 * @example await r2Score([2.5, 0.0, 2, 8], [3, -0.5, 2, 7]); // 0.948...
 */
export function r2Score<M extends VarianceMultioutput = 'uniformAverage'>(preds: MetricInput, target: MetricInput, options: VarianceScoreOptions<M> = {}): Promise<RegressionResult<M>> {
  return computeOnce(new R2Score(options), preds, target);
}

/**
 * Explained variance of predictions against targets of the same shape.
 * @example await explainedVariance([2.5, 0.0, 2, 8], [3, -0.5, 2, 7]); // 0.957...
 */
export function explainedVariance<M extends VarianceMultioutput = 'uniformAverage'>(preds: MetricInput, target: MetricInput, options: VarianceScoreOptions<M> = {}): Promise<RegressionResult<M>> {
  return computeOnce(new ExplainedVariance(options), preds, target);
}
