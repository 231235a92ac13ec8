// The loop greedy decoding and sampling share: one step call per time step for the whole
// batch, each unfinished row extended by the token `choose` picks from its log-probabilities.
import { checkEndToken, startTokens, unwrap } from './options.js';
import { StepRunner } from './state.js';
import type { DecodedSequence, DecodeOptions, StepFunction } from './types.js';

/** Decodes every row by `choose(row of log-probabilities) → token` until its end token or `maxLength`. */
export async function decodeTokenByToken<S>(
  op: string, step: StepFunction<S>, options: DecodeOptions<S>, choose: (logProbs: Float32Array) => number,
): Promise<DecodedSequence | DecodedSequence[]> {
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
        const row = logProbs.subarray(i * vocab, (i + 1) * vocab);
        const token = choose(row);
        result.score += row[token];
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
