// Text generation for GPT through the decoding module of @tessera/layers: the prompt fills a
// key/value state once, then each step feeds one token per hypothesis and appends its keys
// and values, so beam search and sampling share the cache (beams reorder its rows).
import { logSoftmax, reshape, tensor, tidy, type Tensor } from '@tessera/core';
import { noGrad } from '@tessera/autograd';
import { beamSearch, sample, type DecodedSequence, type StepFunction } from '@tessera/layers';
import { check } from './args.js';
import type { KeyValueStore } from './kv-cache.js';

/** Options of GPT.generate. */
export interface GenerateOptions {
  /** How many tokens to generate at most (the end token included). */
  maxNewTokens: number;
  /** Divides the log-probabilities before sampling; 0 is greedy. Default 1. */
  temperature?: number;
  /** Sample among the topK most probable tokens only. Default: all. */
  topK?: number;
  /** Sample among the most probable tokens whose probabilities first reach topP. Default 1. */
  topP?: number;
  /** Beam search with this many beams (sampling options are then ignored). Default 1: sampling. */
  beams?: number;
  /** α of GNMT's length penalty for beam search. Default 0. */
  lengthPenalty?: number;
  /** The token that ends generation early. Default none. */
  endToken?: number;
  /** Seed of the sampler: the same seed gives the same tokens on every backend. Default 0. */
  seed?: number;
}

/** A decoding state: every layer's keys and values `[hypotheses, nHead, length, headDim]`. */
interface CacheState {
  keys: Tensor[];
  values: Tensor[];
}

/** A KeyValueStore over a decoding state's arrays: it neither keeps nor frees (the decoders own the tensors). */
class StateStore implements KeyValueStore {
  constructor(readonly state: CacheState) {}

  get length(): number {
    return this.state.keys[0]?.shape[2] ?? 0;
  }

  get batchSize(): number | null {
    return this.state.keys[0]?.shape[0] ?? null;
  }

  get(i: number): [Tensor, Tensor] | null {
    return this.state.keys[i] ? [this.state.keys[i], this.state.values[i]] : null;
  }

  set(i: number, keys: Tensor, values: Tensor): void {
    this.state.keys[i] = keys;
    this.state.values[i] = values;
  }
}

/** The logits `[B, T, V]` of tokens `[B, T]` after the positions a store holds. */
export type LogitsFunction = (tokens: Tensor, store: KeyValueStore) => Tensor;

/**
 * Generates after `prompt` with the model whose logits `logits` computes: the prompt but its
 * last token is run once into a state, then the decoders step from the last prompt token.
 * Returns the generated tokens (not the prompt), their log-probability and whether the end
 * token stopped them; with beams, the best hypothesis.
 */
export async function generateTokens(where: string, logits: LogitsFunction, contextLength: number, prompt: readonly number[], options: GenerateOptions): Promise<DecodedSequence> {
  check(Array.isArray(prompt) && prompt.length > 0 && prompt.every((t) => Number.isInteger(t) && t >= 0), where, () =>
    `prompt must be a non-empty array of token ids, got ${JSON.stringify(prompt)?.slice(0, 80)}`);
  const { maxNewTokens, beams = 1, lengthPenalty = 0, endToken, temperature, topK, topP, seed } = options;
  check(Number.isInteger(maxNewTokens) && maxNewTokens > 0, where, () => `maxNewTokens must be a positive integer, got ${maxNewTokens}`);
  check(Number.isInteger(beams) && beams > 0, where, () => `beams must be a positive integer, got ${beams}`);
  // The last generated token is never fed back, so the context must hold prompt + maxNewTokens − 1.
  check(prompt.length + maxNewTokens - 1 <= contextLength, where, () =>
    `the prompt (${prompt.length} tokens) plus maxNewTokens (${maxNewTokens}) exceed the context length ${contextLength}`);
  const initialState: CacheState = { keys: [], values: [] };
  if (prompt.length > 1) {
    const store = new StateStore(initialState);
    noGrad(() => tidy(() => {
      logits(tensor([prompt.slice(0, -1)], { dtype: 'int32' }), store);
      return [...initialState.keys, ...initialState.values];
    }));
  }
  const step: StepFunction<CacheState> = (tokens, state) => {
    const next: CacheState = { keys: [...state.keys], values: [...state.values] };
    const out = logits(reshape(tensor(tokens, { dtype: 'int32' }), [tokens.length, 1]), new StateStore(next));
    return { logProbs: logSoftmax(reshape(out, [tokens.length, out.shape[2]]), -1), state: next };
  };
  const common = { startToken: prompt[prompt.length - 1], endToken, maxLength: maxNewTokens, initialState };
  try {
    if (beams > 1) return (await beamSearch(step, { ...common, beamSize: beams, lengthPenalty }))[0];
    return await sample(step, { ...common, temperature, topK, topP, seed });
  } finally {
    for (const t of [...initialState.keys, ...initialState.values]) t.dispose();
  }
}
