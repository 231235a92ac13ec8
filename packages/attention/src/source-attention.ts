// What AdditiveAttention and LuongAttention share: checking a decoder query `[B, Hq]` or
// `[B, T, Hq]` against encoder keys and values `[B, S, *]` and a source padding mask, and
// turning scores `[B, T, S]` into the context and the weights a user plots.
import { maskedFill, matmul, softmax, squeeze, unsqueeze, type Tensor } from '@tessera/core';
import { check, checkFloat, fmt } from './args.js';

/** Options of AdditiveAttention.forward and LuongAttention.forward. */
export interface SourceAttentionOptions {
  /** `[B, S]` bool: true marks padding in the source, which gets no attention. */
  keyPaddingMask?: Tensor | null;
}

/** Validates query, keys, values and mask; `querySize`/`keySize` are the layer's feature sizes. */
export function checkSourceArgs(where: string, query: Tensor, keys: Tensor, values: Tensor, mask: Tensor | null | undefined, querySize: number, keySize: number): void {
  const shapes = `query ${fmt(query.shape)}, keys ${fmt(keys.shape)}, values ${fmt(values.shape)}`;
  checkFloat(where, 'query', query, [2, 3]);
  checkFloat(where, 'keys', keys, [3]);
  checkFloat(where, 'values', values, [3]);
  const [B, S] = keys.shape;
  check(query.shape[0] === B && values.shape[0] === B, where, () => `query, keys and values must have the same batch size, got ${shapes}`);
  check(values.shape[1] === S, where, () => `keys and values must have the same source length, got ${shapes}`);
  check(query.shape[query.ndim - 1] === querySize, where, () => `query's last dimension must be ${querySize}, got ${shapes}`);
  check(keys.shape[2] === keySize, where, () => `keys' last dimension must be ${keySize}, got ${shapes}`);
  if (mask) {
    check(mask.dtype === 'bool' && fmt(mask.shape) === fmt([B, S]), where, () =>
      `keyPaddingMask must be bool of shape ${fmt([B, S])} for ${shapes}, got ${mask.dtype} ${fmt(mask.shape)}`);
  }
}

/** A query as `[B, T, Hq]` (a single step `[B, Hq]` becomes T = 1). */
export function asSteps(query: Tensor): Tensor {
  return query.ndim === 2 ? unsqueeze(query, 1) : query;
}

/**
 * Scores `[B, T, S]` → `[context, weights]`: softmax over the unmasked source positions, the
 * weighted sum of `values`, squeezed back to `[B, *]` when the query was a single step.
 */
export function attendOverSource(scores: Tensor, values: Tensor, mask: Tensor | null | undefined, query: Tensor): [Tensor, Tensor] {
  const masked = mask ? maskedFill(scores, unsqueeze(mask, 1), -Infinity) : scores;
  const weights = softmax(masked, -1);
  const context = matmul(weights, values);
  return query.ndim === 2 ? [squeeze(context, 1), squeeze(weights, 1)] : [context, weights];
}
