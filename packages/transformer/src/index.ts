// @tessera/transformer: PyTorch's Transformer modules on @tessera/core, with PyTorch's names
// and parameter keys.
export { TransformerEncoderLayer } from './encoder-layer.js';
export type { TransformerEncoderLayerForwardOptions } from './encoder-layer.js';
export { TransformerDecoderLayer } from './decoder-layer.js';
export type { TransformerDecoderForwardOptions } from './decoder-layer.js';
export { TransformerEncoder, TransformerDecoder } from './stacks.js';
export type { TransformerStackOptions, TransformerEncoderForwardOptions } from './stacks.js';
export { Transformer } from './transformer.js';
export type { TransformerOptions, TransformerForwardOptions } from './transformer.js';
export { generateSquareSubsequentMask } from './masks.js';
export type { Activation, TransformerLayerOptions, ResolvedLayerOptions } from './layer-options.js';
export { GPT } from './gpt.js';
export type { GPTForwardOptions } from './gpt.js';
export type { GPTConfig, ResolvedGPTConfig } from './gpt-config.js';
export { KVCache } from './kv-cache.js';
export type { KeyValueStore } from './kv-cache.js';
export type { GenerateOptions } from './generate.js';
export { loadGpt2 } from './gpt2-weights.js';
export type { LoadGpt2Options } from './gpt2-weights.js';
