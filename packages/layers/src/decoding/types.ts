// The contract between a model and the decoders: one step function that scores the next
// token for every hypothesis at once, and what the decoders return. Kept apart so that model
// packages (rnn, transformer) can type their step functions without importing a decoder.
import type { Tensor } from '@tessera/core';

/**
 * What a step function returns: the log-probabilities of the next token for every hypothesis
 * (`[n, vocab]`, float32, one row per entry of `tokens`) and the state for the next step.
 */
export interface StepOutput<S> {
  /** `[n, vocab]` log-probabilities of the next token, row i for hypothesis i. */
  logProbs: Tensor;
  /** The state after this step, with hypothesis i in row i of every tensor (by default). */
  state: S;
}

/**
 * One decoding step over a batch of hypotheses: `tokens[i]` is the last token of hypothesis
 * i and row i of `state` its state. The decoders call it inside `noGrad` and `tidy`, and own
 * every tensor it returns: they free the state tensors a later step or selection replaces,
 * never the tensors of the caller's `initialState`. A state is made of tensors, arrays and
 * plain objects (other values are carried along untouched), as `tidy` requires.
 * @example
 * const step: StepFunction<Tensor> = (tokens, h) => {
 *   const next = tanh(add(matmul(h, w), embedding(tensor(tokens, { dtype: 'int32' }), e)));
 *   return { logProbs: logSoftmax(matmul(next, out), -1), state: next };
 * };
 */
export type StepFunction<S> = (tokens: Int32Array, state: S) => StepOutput<S>;

/**
 * Picks hypotheses from a state: row j of the result is row `indices[j]` of `state`. Beam
 * search calls it to follow the surviving hypotheses (and to copy the start state across the
 * beam). The default, `selectStateRows`, picks rows on dim 0 of every tensor in the state.
 * @example const selectState: SelectState<{ h: Tensor }> = (s, rows) => ({ h: pickRows(s.h, rows) });
 */
export type SelectState<S> = (state: S, indices: Int32Array) => S;

/** A decoded sequence: its tokens and the model's log-probability of them. */
export interface DecodedSequence {
  /** The generated tokens, without the start token and without the end token. */
  tokens: number[];
  /** The sum of the log-probabilities of the generated tokens, the end token included. */
  score: number;
  /** Whether the sequence ended with the end token (false: it reached maxLength). */
  finished: boolean;
}

/** A beam-search hypothesis: a decoded sequence and its length-normalised score. */
export interface Hypothesis extends DecodedSequence {
  /**
   * `score / ((5 + |Y|) / 6)^α` (GNMT's length penalty, α = `lengthPenalty`), where |Y| counts
   * the scored tokens: `tokens.length`, plus one for the end token when `finished`. Equal to
   * `score` when α = 0. The n-best list is sorted by it, best first.
   */
  normalizedScore: number;
}

/** Options every decoder takes. */
export interface DecodeOptions<S> {
  /**
   * The token every sequence starts from. A number decodes one sequence and returns one
   * result; an array decodes one sequence per entry (the initial state then has one row per
   * entry) and returns one result per entry.
   */
  startToken: number | readonly number[];
  /** The token that ends a sequence; without it every sequence runs to maxLength. */
  endToken?: number;
  /** The most tokens to generate per sequence, the end token included. */
  maxLength: number;
  /** The state before the first step (one row per start token); the decoders never free it. */
  initialState: S;
}
