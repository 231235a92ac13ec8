// Cosine similarity and Euclidean distance between vectors, row by row (as PyTorch's
// F.cosine_similarity and F.pairwise_distance pair rows) or between every pair of rows (as
// scikit-learn's cosine_similarity and euclidean_distances, and torchmetrics' pairwise_*).
import { fmt, metricError } from './errors.js';
import { checkFinite, readInput, type MetricInput } from './input.js';

/** Rows of vectors read to the host: `[N, D]`, or `[D]` as one row. */
interface Rows {
  values: Float64Array;
  rows: number;
  dim: number;
  shape: number[];
}

async function readRows(x: MetricInput, metric: string, name: string): Promise<Rows> {
  const { values, shape } = await readInput(x, metric, name);
  if (shape.length !== 1 && shape.length !== 2) throw metricError(metric, `${name} has shape ${fmt(shape)}; expected vectors [N, D] or one vector [D]`);
  checkFinite(values, metric, name);
  const dim = shape[shape.length - 1];
  return { values, rows: shape.length === 1 ? 1 : shape[0], dim, shape };
}

async function readBoth(x: MetricInput, y: MetricInput | undefined, metric: string, paired: boolean): Promise<[Rows, Rows]> {
  const a = await readRows(x, metric, 'x');
  const b = y === undefined ? a : await readRows(y, metric, 'y');
  if (a.dim !== b.dim || (paired && a.rows !== b.rows)) {
    throw metricError(metric, `x has shape ${fmt(a.shape)} and y ${fmt(b.shape)}; expected ${paired ? 'equal shapes' : 'vectors of the same length D, [N, D] and [M, D]'}`);
  }
  return [a, b];
}

/** Rows scaled to unit length; zero rows stay zero (scikit-learn's normalize). */
function unitRows(r: Rows): Float64Array {
  const out = new Float64Array(r.values.length);
  for (let i = 0; i < r.rows; i++) {
    let norm = 0;
    for (let d = 0; d < r.dim; d++) norm += r.values[i * r.dim + d] ** 2;
    norm = Math.sqrt(norm) || 1;
    for (let d = 0; d < r.dim; d++) out[i * r.dim + d] = r.values[i * r.dim + d] / norm;
  }
  return out;
}

function dot(a: Float64Array, i: number, b: Float64Array, j: number, dim: number): number {
  let sum = 0;
  for (let d = 0; d < dim; d++) sum += a[i * dim + d] * b[j * dim + d];
  return sum;
}

function squaredDistance(a: Float64Array, i: number, b: Float64Array, j: number, dim: number): number {
  let sum = 0;
  for (let d = 0; d < dim; d++) sum += (a[i * dim + d] - b[j * dim + d]) ** 2;
  return sum;
}

/**
 * Cosine similarity x_i·y_i / (‖x_i‖‖y_i‖) of each row of x with the same row of y (`[N, D]`
 * each, or one vector `[D]` each); a zero vector has similarity 0 with everything.
 * @example await cosineSimilarity([[1, 0], [1, 1]], [[0, 1], [2, 2]]); // [0, 1]
 */
export async function cosineSimilarity(x: MetricInput, y: MetricInput): Promise<number[]> {
  const [a, b] = await readBoth(x, y, 'cosineSimilarity', true);
  const ua = unitRows(a);
  const ub = unitRows(b);
  return Array.from({ length: a.rows }, (_, i) => dot(ua, i, ub, i, a.dim));
}

/**
 * Cosine similarity of every row of x `[N, D]` with every row of y `[M, D]` (default: x
 * itself), as an N×M matrix; zero vectors give 0.
 * @example await pairwiseCosineSimilarity([[1, 0], [0, 1]]); // [[1, 0], [0, 1]]
 */
export async function pairwiseCosineSimilarity(x: MetricInput, y?: MetricInput): Promise<number[][]> {
  const [a, b] = await readBoth(x, y, 'pairwiseCosineSimilarity', false);
  const ua = unitRows(a);
  const ub = unitRows(b);
  return Array.from({ length: a.rows }, (_, i) => Array.from({ length: b.rows }, (_, j) => dot(ua, i, ub, j, a.dim)));
}

/** Options of Euclidean distances. */
export interface EuclideanOptions {
  /** Return squared distances; default false. */
  squared?: boolean;
}

/**
 * Euclidean distance ‖x_i − y_i‖ of each row of x with the same row of y (`[N, D]` each, or
 * one vector `[D]` each).
 * @example await euclideanDistance([[0, 0], [1, 1]], [[3, 4], [1, 1]]); // [5, 0]
 */
export async function euclideanDistance(x: MetricInput, y: MetricInput, options: EuclideanOptions = {}): Promise<number[]> {
  const [a, b] = await readBoth(x, y, 'euclideanDistance', true);
  return Array.from({ length: a.rows }, (_, i) => {
    const d2 = squaredDistance(a.values, i, b.values, i, a.dim);
    return options.squared ? d2 : Math.sqrt(d2);
  });
}

/**
 * Euclidean distance of every row of x `[N, D]` to every row of y `[M, D]` (default: x
 * itself), as an N×M matrix. Computed from differences, not from the ‖x‖² − 2x·y + ‖y‖²
 * expansion scikit-learn uses, so close points do not lose precision.
 * @example await pairwiseEuclideanDistance([[0, 0], [3, 4]]); // [[0, 5], [5, 0]]
 */
export async function pairwiseEuclideanDistance(x: MetricInput, y?: MetricInput, options: EuclideanOptions = {}): Promise<number[][]> {
  const [a, b] = await readBoth(x, y, 'pairwiseEuclideanDistance', false);
  return Array.from({ length: a.rows }, (_, i) => Array.from({ length: b.rows }, (_, j) => {
    const d2 = squaredDistance(a.values, i, b.values, j, a.dim);
    return options.squared ? d2 : Math.sqrt(d2);
  }));
}
