// Sampling from a step function: temperature, top-k and top-p (nucleus) filtering, drawn from
// a seeded generator of its own so that a seed gives the same text on every backend and
// neither draws from nor disturbs core's global generator.
import { seededRandom } from '../data/permutation.js';
import { argmaxRow } from './greedy.js';
import { checkInteger } from './options.js';
import { decodeTokenByToken } from './token-by-token.js';
import type { DecodedSequence, DecodeOptions, StepFunction } from './types.js';

/** How `sample` reshapes the model's next-token distribution before drawing. */
export interface SamplingOptions {
  /** Divides the log-probabilities before the softmax; 0 picks the most probable token (greedy). Default 1. */
  temperature?: number;
  /** Draw only among the `topK` most probable tokens. Default: all. */
  topK?: number;
  /** Draw only among the most probable tokens whose probabilities (after temperature and top-k) first reach `topP` in total. Default 1: all. */
  topP?: number;
}

/** Options of `sample`. */
export interface SampleOptions<S> extends DecodeOptions<S>, SamplingOptions {
  /** Seed of the generator: the same seed gives the same sequences. Default 0. */
  seed?: number;
}

/**
 * Generates by drawing each next token from the model's distribution, reshaped by
 * `temperature`, `topK` and `topP` (applied in that order, as Hugging Face's generate does).
 * Seeded and reproducible; `score` is the sum of the model's own (untempered) log-probabilities
 * of the drawn tokens. For one sequence or a batch (`startToken` an array). Runs inside
 * `noGrad` and frees every tensor it does not return.
 * @example
 * const { tokens } = await sample(step, { startToken: 0, maxLength: 200, initialState: h0, temperature: 0.8, topP: 0.95, seed: 1 });
 */
export function sample<S>(step: StepFunction<S>, options: SampleOptions<S> & { startToken: number }): Promise<DecodedSequence>;
export function sample<S>(step: StepFunction<S>, options: SampleOptions<S> & { startToken: readonly number[] }): Promise<DecodedSequence[]>;
export function sample<S>(step: StepFunction<S>, options: SampleOptions<S>): Promise<DecodedSequence | DecodedSequence[]>;
export async function sample<S>(step: StepFunction<S>, options: SampleOptions<S>): Promise<DecodedSequence | DecodedSequence[]> {
  const { seed = 0 } = options;
  checkSampling('sample', options);
  checkInteger('sample', 'seed', seed, 0);
  const random = seededRandom(seed);
  return decodeTokenByToken('sample', step, options, (row) => drawToken(row, options, random));
}

/**
 * The distribution `sample` draws from for one row of log-probabilities: the allowed tokens
 * (most probable first) and their renormalised probabilities. Temperature 0 allows only the
 * most probable token.
 * @example samplingDistribution(Float32Array.from([-0.1, -2.5, -4]), { topK: 2 }); // { tokens: [0, 1], probs: [0.917, 0.083] }
 */
export function samplingDistribution(logProbs: Float32Array, options: SamplingOptions = {}): { tokens: number[]; probs: number[] } {
  checkSampling('samplingDistribution', options);
  const { temperature = 1, topK = logProbs.length, topP = 1 } = options;
  if (temperature === 0) return { tokens: [argmaxRow(logProbs, 0, logProbs.length)], probs: [1] };
  const order = Array.from(logProbs.keys()).sort((x, y) => logProbs[y] - logProbs[x] || x - y);
  let tokens = order.slice(0, Math.min(topK, order.length));
  // NOTE: subtract the largest tempered value before exp, or a small temperature overflows.
  const top = logProbs[tokens[0]] / temperature;
  let weights = tokens.map((v) => Math.exp(logProbs[v] / temperature - top));
  let total = weights.reduce((s, w) => s + w, 0);
  if (topP < 1) {
    let kept = 0;
    let mass = 0;
    while (kept < tokens.length && mass < topP * total) mass += weights[kept++];
    tokens = tokens.slice(0, kept);
    weights = weights.slice(0, kept);
    total = mass;
  }
  return { tokens, probs: weights.map((w) => w / total) };
}

function drawToken(row: Float32Array, options: SamplingOptions, random: () => number): number {
  const { tokens, probs } = samplingDistribution(row, options);
  let u = random();
  for (let j = 0; j < tokens.length; j++) {
    u -= probs[j];
    if (u < 0) return tokens[j];
  }
  return tokens[tokens.length - 1]; // rounding left a sliver of mass
}

function checkSampling(op: string, { temperature = 1, topK, topP = 1 }: SamplingOptions): void {
  if (!(Number.isFinite(temperature) && temperature >= 0)) throw new Error(`${op}: temperature must be a finite number >= 0, got ${temperature}`);
  checkInteger(op, 'topK', topK, 1, true);
  if (!(topP > 0 && topP <= 1)) throw new Error(`${op}: topP must be in (0, 1], got ${topP}`);
}
