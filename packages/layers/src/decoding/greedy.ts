// Greedy decoding: the most probable next token at every step. The simplest decoder, and the
// reference that beam search with one beam and sampling at temperature 0 must reproduce.
import { decodeTokenByToken } from './token-by-token.js';
import type { DecodedSequence, DecodeOptions, StepFunction } from './types.js';

/** Options of `greedyDecode`. */
export type GreedyDecodeOptions<S> = DecodeOptions<S>;

/**
 * Decodes by taking the most probable token at each step (the first one on ties, as
 * `argmax`), for one sequence or a batch (`startToken` an array: one step call per time
 * step for the whole batch). Runs inside `noGrad` and frees every tensor it does not return.
 * @example
 * const { tokens, score } = await greedyDecode(step, { startToken: BOS, endToken: EOS, maxLength: 20, initialState: h0 });
 */
export function greedyDecode<S>(step: StepFunction<S>, options: GreedyDecodeOptions<S> & { startToken: number }): Promise<DecodedSequence>;
export function greedyDecode<S>(step: StepFunction<S>, options: GreedyDecodeOptions<S> & { startToken: readonly number[] }): Promise<DecodedSequence[]>;
export function greedyDecode<S>(step: StepFunction<S>, options: GreedyDecodeOptions<S>): Promise<DecodedSequence | DecodedSequence[]>;
export async function greedyDecode<S>(step: StepFunction<S>, options: GreedyDecodeOptions<S>): Promise<DecodedSequence | DecodedSequence[]> {
  return decodeTokenByToken('greedyDecode', step, options, (row) => argmaxRow(row, 0, row.length));
}

/** The index (within the row) of the first largest of `values[offset .. offset + length)`. */
export function argmaxRow(values: Float32Array, offset: number, length: number): number {
  let best = 0;
  for (let v = 1; v < length; v++) if (values[offset + v] > values[offset + best]) best = v;
  return best;
}
