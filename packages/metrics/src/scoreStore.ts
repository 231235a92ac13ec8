// Ranking metrics (ROC AUC, average precision, their curves) depend on the order of every
// score, so unlike counts they cannot be summarised batch by batch: streaming versions keep
// the scores and targets they are given, in float64 on the host, and sweep them at compute.
import { fmtLabels, metricError } from './errors.js';
import { checkSortedLabels, readPair, sortedUnique } from './labels.js';
import { checkFinite, type MetricInput } from './input.js';
import type { Metric } from './metric.js';

/** Scores and targets gathered from every batch. */
export interface StoredScores {
  /** Row-major `[samples, numClasses]` scores, or one score per sample when `numClasses` is 0. */
  scores: Float64Array;
  target: Float64Array;
  numClasses: number;
}

/** A streaming metric over stored scores: `update(preds, target)` with scores `[N]` or `[N, C]`. */
export abstract class ScoreMetric<Result> implements Metric<[MetricInput, MetricInput], Result> {
  private scoreBatches: Float64Array[] = [];
  private targetBatches: Float64Array[] = [];
  private numClasses: number | null = null;

  protected constructor(
    /** The metric's name, which starts its error messages. */
    protected readonly metricName: string,
  ) {}

  /** Adds a batch of scores (`[N]`, or `[N, C]` per class) and integer targets `[N]`. */
  async update(preds: MetricInput, target: MetricInput): Promise<void> {
    const pair = await readPair(preds, target, this.metricName);
    checkFinite(pair.preds, this.metricName, 'preds');
    if (this.numClasses !== null && pair.numClasses !== this.numClasses) {
      const describe = (n: number): string => (n === 0 ? 'one score per sample' : `${n} class scores per sample`);
      throw metricError(this.metricName, `earlier batches had ${describe(this.numClasses)}, this one has ${describe(pair.numClasses)}`);
    }
    this.numClasses = pair.numClasses;
    this.scoreBatches.push(pair.preds);
    this.targetBatches.push(pair.target);
  }

  /** Every score and target so far, concatenated. */
  protected stored(): StoredScores {
    return { scores: concat(this.scoreBatches), target: concat(this.targetBatches), numClasses: this.numClasses ?? 0 };
  }

  /** The metric over every batch so far. */
  abstract compute(): Result;

  /** Forgets every batch. */
  reset(): void {
    this.scoreBatches = [];
    this.targetBatches = [];
    this.numClasses = null;
  }
}

function concat(parts: readonly Float64Array[]): Float64Array {
  const out = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** How one-vs-rest scores of several classes combine. */
export type OneVsRestAverage = 'macro' | 'weighted' | 'micro';

/**
 * The classes of one-vs-rest scores `[N, C]`: `labels` (sorted, C of them, covering target)
 * or the sorted labels of target, which must then number C (scikit-learn's rules).
 */
export function oneVsRestClasses(target: Float64Array, numClasses: number, labels: readonly number[] | undefined, metric: string): number[] {
  if (labels === undefined) {
    const classes = sortedUnique(target);
    if (classes.length !== numClasses) {
      throw metricError(metric, `target holds ${classes.length} classes ${fmtLabels(classes)} but preds has ${numClasses} score columns; pass labels to name the columns`);
    }
    return classes;
  }
  checkSortedLabels(labels, metric);
  if (labels.length !== numClasses) throw metricError(metric, `labels names ${labels.length} classes but preds has ${numClasses} score columns`);
  const known = new Set(labels);
  for (const t of target) if (!known.has(t)) throw metricError(metric, `target holds label ${t}, which is not in labels ${fmtLabels(labels)}`);
  return [...labels];
}

/**
 * Averages a binary score over one-vs-rest columns, as scikit-learn's _average_binary_score:
 * 'micro' scores all (sample, class) pairs as one binary problem; 'weighted' weights each
 * class by its positives (0 if there are none at all); 'macro' is the plain mean.
 */
export function averageOneVsRest(
  score: (positive: ArrayLike<boolean>, scores: ArrayLike<number>) => number,
  target: Float64Array,
  scores: Float64Array,
  classes: readonly number[],
  average: OneVsRestAverage,
): number {
  const c = classes.length;
  const n = target.length;
  const indicator = new Array<boolean>(n * c);
  for (let i = 0; i < n; i++) for (let j = 0; j < c; j++) indicator[i * c + j] = target[i] === classes[j];
  if (average === 'micro') return score(indicator, scores);
  const perClass: number[] = [];
  const weights: number[] = [];
  for (let j = 0; j < c; j++) {
    const positive = Array.from({ length: n }, (_, i) => indicator[i * c + j]);
    perClass.push(score(positive, Array.from({ length: n }, (_, i) => scores[i * c + j])));
    weights.push(positive.filter(Boolean).length);
  }
  if (average === 'macro') return perClass.reduce((a, b) => a + b, 0) / c;
  const weightTotal = weights.reduce((a, b) => a + b, 0);
  if (weightTotal === 0) return 0;
  return perClass.reduce((a, s, j) => a + (weights[j] === 0 ? 0 : s * weights[j]), 0) / weightTotal;
}

