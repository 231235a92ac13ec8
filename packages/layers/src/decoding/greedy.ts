// Greedy decoding: the most probable next token at every step. The simplest decoder, and the
// reference that beam search with one beam and sampling at temperature 0 must reproduce.
import { checkEndToken, startTokens, unwrap } from './options.js';
import { StepRunner } from './state.js';
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
  const op = 'greedyDecode';
  const starts = startTokens(op, options);
  const { endToken, maxLength } = options;
  const runner = new StepRunner(op, step, options.initialState);
  const results: DecodedSequence[] = starts.map(() => ({ tokens: [], score: 0, finished: false }));
  const tokens = Int32Array.from(starts);
  try {
    for (let t = 0; t < maxLength && results.some((r) => !r.finished); t++) {
      const logProbs = await runner.run(tokens);
      const vocab = runner.vocab;
      checkEndToken(op, endToken, vocab);
      results.forEach((result, i) => {
        // Finished rows keep running with the end token (cheaper than reshaping the state).
        if (result.finished) return;
        const token = argmaxRow(logProbs, i * vocab, vocab);
        result.score += logProbs[i * vocab + token];
        if (token === endToken) result.finished = true;
        else result.tokens.push(token);
        tokens[i] = token;
      });
    }
  } finally {
    runner.dispose();
  }
  return unwrap(options.startToken, results);
}

/** The index (within the row) of the first largest of `values[offset .. offset + length)`. */
export function argmaxRow(values: Float32Array, offset: number, length: number): number {
  let best = 0;
  for (let v = 1; v < length; v++) if (values[offset + v] > values[offset + best]) best = v;
  return best;
}
