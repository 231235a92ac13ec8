// Mean errors per output: squared (MSE, and its root RMSE), absolute (MAE) and absolute
// percentage (MAPE), as scikit-learn 1.2's mean_squared_error, mean_absolute_error and
// mean_absolute_percentage_error. Each needs only a running sum per output.
import type { MetricInput } from './input.js';
import { computeOnce } from './metric.js';
import { RegressionMetric, type Multioutput, type RegressionOptions, type RegressionResult } from './regression.js';

const FLOAT64_EPS = 2.220446049250313e-16;

const squaredError = (pred: number, target: number): number => (target - pred) ** 2;
const absoluteError = (pred: number, target: number): number => Math.abs(target - pred);
const percentageError = (pred: number, target: number): number => Math.abs(pred - target) / Math.max(Math.abs(target), FLOAT64_EPS);

/** A mean over samples of a per-value error, kept per output (and its square root, for RMSE). */
export class ErrorMean<M extends Multioutput> extends RegressionMetric<M> {
  private sums: number[] = [];

  protected constructor(
    metricName: string,
    options: RegressionOptions<M>,
    private readonly error: (pred: number, target: number) => number,
    private readonly root = false,
  ) {
    super(metricName, options.multioutput ?? ('uniformAverage' as M), ['uniformAverage', 'rawValues'] as M[]);
  }

  protected accumulate(preds: Float64Array, target: Float64Array, rows: number, outputs: number): void {
    if (this.sums.length === 0) this.sums = new Array<number>(outputs).fill(0);
    for (let i = 0; i < rows * outputs; i++) this.sums[i % outputs] += this.error(preds[i], target[i]);
  }

  protected perOutput(): { scores: number[] } {
    return { scores: this.sums.map((s) => (this.root ? Math.sqrt(s / this.count) : s / this.count)) };
  }

  protected clear(): void {
    this.sums = [];
  }
}

/**
 * Streaming mean squared error, (1/N) Σ (y − ŷ)² per output.
 * @example const mse = new MeanSquaredError(); await mse.update(preds, target); mse.compute();
 */
export class MeanSquaredError<M extends Multioutput = 'uniformAverage'> extends ErrorMean<M> {
  constructor(options: RegressionOptions<M> = {}) {
    super('meanSquaredError', options, squaredError);
  }
}

/**
 * Streaming root mean squared error, sqrt((1/N) Σ (y − ŷ)²) per output, then averaged over
 * outputs (scikit-learn's mean_squared_error with squared=False).
 * @example const rmse = new RootMeanSquaredError(); await rmse.update(preds, target); rmse.compute();
 */
export class RootMeanSquaredError<M extends Multioutput = 'uniformAverage'> extends ErrorMean<M> {
  constructor(options: RegressionOptions<M> = {}) {
    super('rootMeanSquaredError', options, squaredError, true);
  }
}

/**
 * Streaming mean absolute error, (1/N) Σ |y − ŷ| per output.
 * @example const mae = new MeanAbsoluteError(); await mae.update(preds, target); mae.compute();
 */
export class MeanAbsoluteError<M extends Multioutput = 'uniformAverage'> extends ErrorMean<M> {
  constructor(options: RegressionOptions<M> = {}) {
    super('meanAbsoluteError', options, absoluteError);
  }
}

/**
 * Streaming mean absolute percentage error, (1/N) Σ |y − ŷ| / max(|y|, ε) per output, with ε
 * float64's machine epsilon: a zero target gives a huge, finite term, as scikit-learn. The
 * result is a fraction (0.1 means 10%), not a percentage.
 * @example const mape = new MeanAbsolutePercentageError(); await mape.update(preds, target); mape.compute();
 */
export class MeanAbsolutePercentageError<M extends Multioutput = 'uniformAverage'> extends ErrorMean<M> {
  constructor(options: RegressionOptions<M> = {}) {
    super('meanAbsolutePercentageError', options, percentageError);
  }
}

/**
 * Mean squared error of predictions `[N]` or `[N, D]` against targets of the same shape.
 * @example await meanSquaredError([2.5, 0.0, 2, 8], [3, -0.5, 2, 7]); // 0.375
 */
export function meanSquaredError<M extends Multioutput = 'uniformAverage'>(preds: MetricInput, target: MetricInput, options: RegressionOptions<M> = {}): Promise<RegressionResult<M>> {
  return computeOnce(new MeanSquaredError(options), preds, target);
}

/**
 * Root mean squared error of predictions against targets of the same shape.
 * @example await rootMeanSquaredError([2.5, 0.0, 2, 8], [3, -0.5, 2, 7]); // 0.612...
 */
export function rootMeanSquaredError<M extends Multioutput = 'uniformAverage'>(preds: MetricInput, target: MetricInput, options: RegressionOptions<M> = {}): Promise<RegressionResult<M>> {
  return computeOnce(new RootMeanSquaredError(options), preds, target);
}

/**
 * Mean absolute error of predictions against targets of the same shape.
 * @example await meanAbsoluteError([2.5, 0.0, 2, 8], [3, -0.5, 2, 7]); // 0.5
 */
export function meanAbsoluteError<M extends Multioutput = 'uniformAverage'>(preds: MetricInput, target: MetricInput, options: RegressionOptions<M> = {}): Promise<RegressionResult<M>> {
  return computeOnce(new MeanAbsoluteError(options), preds, target);
}

/**
 * Mean absolute percentage error (as a fraction) of predictions against targets of the same shape.
 * @example await meanAbsolutePercentageError([2.5, 0.0, 2, 8], [3, -0.5, 2, 7]); // 0.327...
 */
export function meanAbsolutePercentageError<M extends Multioutput = 'uniformAverage'>(preds: MetricInput, target: MetricInput, options: RegressionOptions<M> = {}): Promise<RegressionResult<M>> {
  return computeOnce(new MeanAbsolutePercentageError(options), preds, target);
}
