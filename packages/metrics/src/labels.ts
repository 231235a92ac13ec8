// Classification metrics all take predictions and targets the same way: `preds` of
// target's shape holds predicted labels, and `preds` with one more trailing dimension holds
// class scores (logits or probabilities) along it. This file reads both forms.
import { fmt, metricError } from './errors.js';
import { checkFinite, checkIntegers, readInput, sameShape, type MetricInput } from './input.js';

/** Predictions and targets read to the host, flattened over the sample dimensions. */
export interface ReadPair {
  /** Labels (when `numClasses` is 0) or row-major class scores `[samples, numClasses]`. */
  preds: Float64Array;
  /** Integer target labels, one per sample. */
  target: Float64Array;
  /** Number of score columns, or 0 when `preds` holds one value per sample. */
  numClasses: number;
}

/** Reads `preds` (target's shape, or target's shape plus a class dimension) and integer `target`. */
export async function readPair(preds: MetricInput, target: MetricInput, metric: string): Promise<ReadPair> {
  const p = await readInput(preds, metric, 'preds');
  const t = await readInput(target, metric, 'target');
  checkIntegers(t.values, metric, 'target');
  if (sameShape(p.shape, t.shape)) return { preds: p.values, target: t.values, numClasses: 0 };
  if (p.shape.length === t.shape.length + 1 && sameShape(p.shape.slice(0, -1), t.shape)) {
    const numClasses = p.shape[p.shape.length - 1];
    if (numClasses === 0) throw metricError(metric, `preds has shape ${fmt(p.shape)}: a class dimension of size 0`);
    checkFinite(p.values, metric, 'preds');
    return { preds: p.values, target: t.values, numClasses };
  }
  const scores = `[${[...t.shape, 'C'].join(',')}]`;
  throw metricError(metric, `preds has shape ${fmt(p.shape)} and target ${fmt(t.shape)}; expected preds of shape ${fmt(t.shape)} (labels) or ${scores} (class scores)`);
}

/** Reads predicted labels: given directly, or the argmax of class scores (first index on ties, as torch.argmax). */
export async function readLabels(preds: MetricInput, target: MetricInput, metric: string): Promise<{ preds: Float64Array; target: Float64Array }> {
  const pair = await readPair(preds, target, metric);
  if (pair.numClasses === 0) {
    checkIntegers(pair.preds, metric, 'preds');
    return { preds: pair.preds, target: pair.target };
  }
  return { preds: argmaxRows(pair.preds, pair.numClasses), target: pair.target };
}

/** The index of the largest entry of each row of a row-major `[rows, columns]` array. */
export function argmaxRows(values: Float64Array, columns: number): Float64Array {
  const rows = values.length / columns;
  const out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let c = 1; c < columns; c++) if (values[r * columns + c] > values[r * columns + best]) best = c;
    out[r] = best;
  }
  return out;
}

/** The distinct values, sorted ascending (scikit-learn's `unique_labels`). */
export function sortedUnique(values: Iterable<number>): number[] {
  return [...new Set(values)].sort((a, b) => a - b);
}

/** Throws unless `labels` is strictly increasing (what scikit-learn asks of a `labels` argument). */
export function checkSortedLabels(labels: readonly number[], metric: string): void {
  for (let i = 1; i < labels.length; i++) {
    if (!(labels[i] > labels[i - 1])) throw metricError(metric, `labels must be unique and sorted ascending, got [${labels.join(', ')}]`);
  }
}
