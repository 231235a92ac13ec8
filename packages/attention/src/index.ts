// @tessera/attention: attention functions and layers on @tessera/core, with PyTorch's names.
export { scaledDotProductAttention } from './scaled-dot-product.js';
export type { ScaledDotProductAttentionOptions } from './scaled-dot-product.js';
export { InProjectedAttention } from './in-projection.js';
export type { InProjectionOptions } from './in-projection.js';
export { MultiheadAttention } from './multihead.js';
export type { MultiheadAttentionOptions, MultiheadAttentionForwardOptions } from './multihead.js';
export { AdditiveAttention } from './additive.js';
export { LuongAttention } from './luong.js';
export type { LuongAttentionOptions, LuongScore } from './luong.js';
export type { SourceAttentionOptions } from './source-attention.js';
export { sinusoidalPositionalEncoding, SinusoidalPositionalEncoding } from './sinusoidal.js';
export type { SinusoidalPositionalEncodingOptions } from './sinusoidal.js';
export { LearnedPositionalEncoding } from './learned-positional.js';
export type { PositionalEncodingOptions } from './positional.js';
export { applyRotaryEmbedding } from './rotary.js';
export type { RotaryEmbeddingOptions } from './rotary.js';
