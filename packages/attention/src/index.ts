// @tessera/attention: attention functions and layers on @tessera/core, with PyTorch's names.
export { scaledDotProductAttention } from './scaled-dot-product.js';
export type { ScaledDotProductAttentionOptions } from './scaled-dot-product.js';
export { InProjectedAttention } from './in-projection.js';
export type { InProjectionOptions } from './in-projection.js';
export { MultiheadAttention } from './multihead.js';
export type { MultiheadAttentionOptions, MultiheadAttentionForwardOptions } from './multihead.js';
