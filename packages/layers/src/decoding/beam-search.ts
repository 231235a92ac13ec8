// Beam search over a step function, batched: the live hypotheses of every sequence go through
// one step call per time step. Finished hypotheses are ranked by GNMT's length-normalised
// score, and a sequence stops once no live hypothesis can still enter its n-best list.
import { checkEndToken, checkInteger, startTokens, unwrap } from './options.js';
import { selectStateRows, StepRunner } from './state.js';
import type { DecodeOptions, Hypothesis, SelectState, StepFunction } from './types.js';

/** Options of `beamSearch`. */
export interface BeamSearchOptions<S> extends DecodeOptions<S> {
  /** Live hypotheses kept per sequence at each step. Default 4. */
  beamSize?: number;
  /** α of GNMT's length penalty ((5 + |Y|) / 6)^α; 0 (the default) ranks by the summed log-probability. */
  lengthPenalty?: number;
  /** How many hypotheses to return per sequence, best first (at most beamSize). Default 1. */
  nBest?: number;
  /** Picks hypotheses' rows of the state; default: rows of dim 0 of every tensor (`selectStateRows`). */
  selectState?: SelectState<S>;
}

/**
 * GNMT's length penalty ((5 + length) / 6)^α (Wu et al. 2016); a hypothesis' normalised score
 * is its summed log-probability divided by it.
 * @example lengthPenaltyFactor(7, 0.6); // (12 / 6)^0.6 ≈ 1.516
 */
export function lengthPenaltyFactor(length: number, alpha: number): number {
  return ((5 + length) / 6) ** alpha;
}

interface Live {
  tokens: number[];
  score: number;
  /** The hypothesis' row in the state and in the step's log-probabilities. */
  row: number;
}

interface Candidate {
  parent: Live;
  token: number;
  score: number;
}

/**
 * Beam search (the n-best list per sequence, best first): at each step every live hypothesis
 * is extended by every token, the `beamSize` best extensions that do not end stay live, and
 * end-token extensions ranked within the best `beamSize` join the finished list. Hypotheses
 * that reach `maxLength` without the end token are finished with `finished: false`. With one
 * beam and no length penalty it returns greedy decoding's sequence; with a beam as wide as
 * every extension it is exhaustive. `startToken` as an array searches one sequence per entry,
 * batched (the initial state then has one row per entry; `selectState` copies it across the
 * beam). Runs inside `noGrad` and frees every tensor it does not return.
 * @example
 * const nBest = await beamSearch(step, { startToken: BOS, endToken: EOS, maxLength: 30, initialState,
 *   beamSize: 4, lengthPenalty: 0.6, nBest: 2 });
 * nBest[0].tokens; nBest[0].normalizedScore;
 */
export function beamSearch<S>(step: StepFunction<S>, options: BeamSearchOptions<S> & { startToken: number }): Promise<Hypothesis[]>;
export function beamSearch<S>(step: StepFunction<S>, options: BeamSearchOptions<S> & { startToken: readonly number[] }): Promise<Hypothesis[][]>;
export function beamSearch<S>(step: StepFunction<S>, options: BeamSearchOptions<S>): Promise<Hypothesis[] | Hypothesis[][]>;
export async function beamSearch<S>(step: StepFunction<S>, options: BeamSearchOptions<S>): Promise<Hypothesis[] | Hypothesis[][]> {
  const op = 'beamSearch';
  const starts = startTokens(op, options);
  const { endToken, maxLength, beamSize = 4, lengthPenalty = 0, nBest = 1 } = options;
  checkInteger(op, 'beamSize', beamSize, 1);
  checkInteger(op, 'nBest', nBest, 1);
  if (nBest > beamSize) throw new Error(`${op}: nBest (${nBest}) must be at most beamSize (${beamSize})`);
  if (!Number.isFinite(lengthPenalty)) throw new Error(`${op}: lengthPenalty must be a finite number, got ${lengthPenalty}`);

  const normalized = (score: number, length: number) => score / lengthPenaltyFactor(length, lengthPenalty);
  const live: Live[][] = starts.map((token, i) => [{ tokens: [token], score: 0, row: i }]);
  const finished: Hypothesis[][] = starts.map(() => []);
  /** Adds a hypothesis (its tokens from the start token, the end token left out) to b's n-best list. */
  const finish = (b: number, tokens: number[], score: number, ended: boolean) => {
    const body = tokens.slice(1);
    const hypothesis = { tokens: body, score, finished: ended, normalizedScore: normalized(score, body.length + (ended ? 1 : 0)) };
    const list = finished[b];
    list.push(hypothesis);
    list.sort((x, y) => y.normalizedScore - x.normalizedScore);
    if (list.length > nBest) list.pop();
  };

  const runner = new StepRunner(op, step, options.initialState, options.selectState ?? selectStateRows);
  try {
    for (let t = 0; t < maxLength; t++) {
      const rows = live.flat();
      if (rows.length === 0) break;
      const logProbs = await runner.run(Int32Array.from(rows, (h) => h.tokens[h.tokens.length - 1]));
      const vocab = runner.vocab;
      checkEndToken(op, endToken, vocab);
      const lastStep = t === maxLength - 1;
      for (let b = 0; b < live.length; b++) {
        const next: Live[] = [];
        const candidates = bestExtensions(live[b], logProbs, vocab, beamSize + 1);
        candidates.forEach((c, rank) => {
          if (c.token === endToken) {
            if (rank < beamSize) finish(b, c.parent.tokens, c.score, true);
            return;
          }
          const tokens = [...c.parent.tokens, c.token];
          if (next.length < beamSize) {
            if (lastStep) finish(b, tokens, c.score, false);
            else next.push({ tokens, score: c.score, row: c.parent.row }); // the parent's row until selected
          }
        });
        live[b] = canImprove(next, finished[b]) ? next : [];
      }
      const survivors = live.flat();
      if (survivors.length === 0) break;
      runner.select(Int32Array.from(survivors, (h) => h.row));
      survivors.forEach((h, row) => (h.row = row));
    }
  } finally {
    runner.dispose();
  }
  return unwrap(options.startToken, finished);

  /**
   * Whether a live hypothesis could still enter the n-best list: its summed log-probability
   * can only fall, so its best final normalised score is score / the largest penalty factor
   * any reachable length gives (the factor is monotone in the length).
   */
  function canImprove(next: Live[], done: Hypothesis[]): boolean {
    if (next.length === 0) return false;
    if (done.length < nBest) return true;
    const worst = done[done.length - 1].normalizedScore;
    return next.some((h) => {
      const length = h.tokens.length - 1;
      const factor = Math.max(lengthPenaltyFactor(length + 1, lengthPenalty), lengthPenaltyFactor(maxLength, lengthPenalty));
      return h.score / factor > worst;
    });
  }
}

/**
 * The `perParent` best extensions of each hypothesis (enough: at most beamSize live ones and
 * one end token come from one parent), merged best first; ties keep parent order, then token order.
 */
function bestExtensions(parents: Live[], logProbs: Float32Array, vocab: number, perParent: number): Candidate[] {
  const candidates: Candidate[] = [];
  for (const parent of parents) {
    for (const token of topTokens(logProbs, parent.row * vocab, vocab, perParent)) {
      candidates.push({ parent, token, score: parent.score + logProbs[parent.row * vocab + token] });
    }
  }
  return candidates.sort((x, y) => y.score - x.score); // stable: ties stay in push order
}

/** The indices of the `k` largest values of a row, largest first (first index on ties). */
export function topTokens(values: Float32Array, offset: number, length: number, k: number): number[] {
  const top: number[] = [];
  for (let v = 0; v < length; v++) {
    const value = values[offset + v];
    if (top.length === k && !(value > values[offset + top[k - 1]])) continue;
    let at = top.length === k ? k - 1 : top.length;
    while (at > 0 && value > values[offset + top[at - 1]]) at--;
    if (top.length === k) top.pop();
    top.splice(at, 0, v);
  }
  return top;
}
