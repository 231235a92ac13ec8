// The GPT's configuration: sizes and choices with their defaults, checked once so that a bad
// value fails with the option's name before any weight is allocated.
import { check, checkProbability, checkSize } from './args.js';

/** Configuration of GPT. */
export interface GPTConfig {
  /** Number of token ids. */
  vocabSize: number;
  /** Longest sequence (prompt plus generated tokens) the model takes. */
  contextLength: number;
  /** Width of the residual stream. */
  dModel: number;
  /** Number of blocks. */
  nLayer: number;
  /** Attention heads; must divide dModel. */
  nHead: number;
  /** Hidden size of each block's MLP. Default 4·dModel. */
  dimFeedforward?: number;
  /** Learned position embeddings `wpe` (GPT-2) or rotary positions on queries and keys. Default 'learned'. */
  positions?: 'learned' | 'rotary';
  /** Dropout on embeddings, attention weights and residual branches while training. Default 0. */
  dropout?: number;
  /** The MLP's activation: 'gelu' (erf), 'geluTanh' (GPT-2's gelu_new) or 'relu'. Default 'gelu'. */
  activation?: 'gelu' | 'geluTanh' | 'relu';
  /** Layer norms' epsilon. Default 1e-5. */
  layerNormEps?: number;
  /** The output projection is the token embedding's transpose (tied weights). Default true. */
  tieWeights?: boolean;
  /** Rotary base θ. Default 10000. */
  rotaryBase?: number;
}

/** The configuration with every default filled in. */
export type ResolvedGPTConfig = Required<GPTConfig>;

/** Checks `config` and fills in the defaults. */
export function resolveGPTConfig(config: GPTConfig): ResolvedGPTConfig {
  const where = 'GPT';
  check(typeof config === 'object' && config !== null, where, () => 'expected a config object { vocabSize, contextLength, dModel, nLayer, nHead }');
  const {
    vocabSize, contextLength, dModel, nLayer, nHead, dimFeedforward = 4 * dModel, positions = 'learned', dropout = 0,
    activation = 'gelu', layerNormEps = 1e-5, tieWeights = true, rotaryBase = 10000,
  } = config;
  for (const [name, v] of Object.entries({ vocabSize, contextLength, dModel, nLayer, nHead, dimFeedforward })) checkSize(where, name, v);
  check(dModel % nHead === 0, where, () => `dModel must be divisible by nHead, got dModel ${dModel} and nHead ${nHead}`);
  check(positions === 'learned' || positions === 'rotary', where, () => `positions must be 'learned' or 'rotary', got ${String(positions)}`);
  check(positions !== 'rotary' || (dModel / nHead) % 2 === 0, where, () => `rotary positions need an even head size, got dModel / nHead = ${dModel / nHead}`);
  checkProbability(where, 'dropout', dropout);
  check(['gelu', 'geluTanh', 'relu'].includes(activation), where, () => `activation must be 'gelu', 'geluTanh' or 'relu', got ${String(activation)}`);
  check(typeof layerNormEps === 'number' && layerNormEps > 0, where, () => `layerNormEps must be a positive number, got ${layerNormEps}`);
  check(typeof rotaryBase === 'number' && rotaryBase > 0, where, () => `rotaryBase must be a positive number, got ${rotaryBase}`);
  return { vocabSize, contextLength, dModel, nLayer, nHead, dimFeedforward, positions, dropout, activation, layerNormEps, tieWeights, rotaryBase };
}
