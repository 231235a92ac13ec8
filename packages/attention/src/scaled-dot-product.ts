// scaledDotProductAttention: PyTorch 2's F.scaled_dot_product_attention with dropout. Without
// dropout it is core's fused kernel; with dropout (which needs the attention matrix) it is the
// composed reference below, which MultiheadAttention also uses when the caller asks for the weights.
import {
  add, arange, dropout, eq, gt, matmul, max, maskedFill, reshape, scaledDotProductAttention as fusedAttention, softmax, tidy, transpose, where,
  type Tensor,
} from '@tessera/core';
import { broadcastsTo, check, fmt } from './args.js';

/** Options of scaledDotProductAttention. */
export interface ScaledDotProductAttentionOptions {
  /**
   * Broadcasts to `[..., L, S]`. A bool mask marks the pairs that may attend (true); a float
   * mask is added to the scores (use -Infinity to block).
   */
  attnMask?: Tensor | null;
  /** Query i attends to keys 0..i only (the top-left aligned lower triangle of `[L, S]`). */
  isCausal?: boolean;
  /** Dropout probability on the attention weights (applied whenever it is above 0, as PyTorch). */
  dropoutP?: number;
  /** Multiplies the scores; default `1 / √E`. */
  scale?: number | null;
}

/** What the composed path returns: the output and the attention weights it used. */
export interface AttentionResult {
  output: Tensor;
  weights: Tensor;
}

function broadcastBatch(where: string, shapes: readonly (readonly number[])[]): number[] {
  const rank = Math.max(...shapes.map((s) => s.length));
  const out = new Array<number>(rank).fill(1);
  for (const s of shapes) {
    s.forEach((d, i) => {
      const j = rank - s.length + i;
      check(d === 1 || out[j] === 1 || out[j] === d, where, () =>
        `batch dimensions do not broadcast: ${shapes.map((b) => fmt(b)).join(', ')}`);
      if (d !== 1) out[j] = d;
    });
  }
  return out;
}

/**
 * Checks query `[..., L, E]`, key `[..., S, E]`, value `[..., S, Ev]` and the mask; returns
 * the scale to use. `where` names the caller in errors.
 */
export function checkAttentionArgs(where: string, q: Tensor, k: Tensor, v: Tensor, options: ScaledDotProductAttentionOptions): number {
  const shapes = `query ${fmt(q.shape)}, key ${fmt(k.shape)}, value ${fmt(v.shape)}`;
  for (const [name, t] of [['query', q], ['key', k], ['value', v]] as const) {
    check(t.dtype === 'float32', where, () => `${name} must be float32, got ${t.dtype} (${shapes})`);
    check(t.ndim >= 2, where, () => `query, key and value must have at least 2 dimensions [..., length, features], got ${shapes}`);
  }
  const [L, E] = q.shape.slice(-2);
  const [S, Ek] = k.shape.slice(-2);
  check(Ek === E, where, () => `query and key must have the same last dimension, got ${shapes}`);
  check(v.shape[v.ndim - 2] === S, where, () => `key and value must have the same length (dimension -2), got ${shapes}`);
  const batch = broadcastBatch(where, [q.shape.slice(0, -2), k.shape.slice(0, -2), v.shape.slice(0, -2)]);
  const { attnMask, isCausal = false, dropoutP = 0, scale } = options;
  if (attnMask) {
    check(attnMask.dtype === 'bool' || attnMask.dtype === 'float32', where, () => `attnMask must be bool or float32, got ${attnMask.dtype}`);
    check(broadcastsTo(attnMask.shape, [...batch, L, S]), where, () =>
      `attnMask of shape ${fmt(attnMask.shape)} does not broadcast to the scores' shape ${fmt([...batch, L, S])} (${shapes})`);
    check(!isCausal, where, () => 'pass either attnMask or isCausal, not both');
  }
  check(typeof dropoutP === 'number' && dropoutP >= 0 && dropoutP <= 1, where, () => `dropoutP must be between 0 and 1, got ${dropoutP}`);
  check(scale == null || (typeof scale === 'number' && Number.isFinite(scale)), where, () => `scale must be a finite number, got ${scale}`);
  return scale ?? 1 / Math.sqrt(E);
}

/** `[L, S]` bool, true above the diagonal: the pairs a causal mask blocks. */
export function causalBlocked(L: number, S: number): Tensor {
  return gt(reshape(arange(S), [1, S]), reshape(arange(L), [L, 1]));
}

/**
 * softmax(scale · Q Kᵀ + mask) V with the weights formed explicitly: the readable reference,
 * and the path for dropout and for callers that need the weights. Arguments are checked.
 */
export function composedAttention(q: Tensor, k: Tensor, v: Tensor, scale: number, options: ScaledDotProductAttentionOptions): AttentionResult {
  const { attnMask, isCausal = false, dropoutP = 0 } = options;
  let scores = matmul(q, transpose(k, -2, -1)).mul(scale);
  if (isCausal) scores = maskedFill(scores, causalBlocked(q.shape[q.ndim - 2], k.shape[k.ndim - 2]), -Infinity);
  if (attnMask) scores = attnMask.dtype === 'bool' ? maskedFill(scores, eq(attnMask, false), -Infinity) : add(scores, attnMask);
  // NOTE: a row whose every score is -inf would give NaN; it gives zeros instead, as core's
  // fused kernel and PyTorch's math path since 2.5 ("safe softmax").
  const probabilities = where(eq(max(scores, -1, true), -Infinity), 0, softmax(scores, -1));
  const weights = dropoutP > 0 ? dropout(probabilities, dropoutP, true) : probabilities;
  return { output: matmul(weights, v), weights };
}

/**
 * Attention as PyTorch 2's `F.scaled_dot_product_attention`: query `[..., L, E]`, key
 * `[..., S, E]`, value `[..., S, Ev]` → `[..., L, Ev]`, batch dimensions broadcast. A bool
 * `attnMask` is true where a query may attend; a float one is added to the scores. A query
 * row with no key to attend to gives zeros (PyTorch ≥ 2.5; older versions gave NaN).
 * Without dropout this is core's fused kernel, which never stores the L×S scores; with
 * `dropoutP > 0` it is composed (matmul, softmax, dropout, matmul).
 * @example
 * const out = scaledDotProductAttention(q, k, v, { isCausal: true }); // q, k, v: [B, H, L, 64]
 */
export function scaledDotProductAttention(query: Tensor, key: Tensor, value: Tensor, options: ScaledDotProductAttentionOptions = {}): Tensor {
  const scale = checkAttentionArgs('scaledDotProductAttention', query, key, value, options);
  const { attnMask, isCausal, dropoutP = 0 } = options;
  if (dropoutP === 0) return fusedAttention(query, key, value, { attnMask: attnMask ?? undefined, isCausal, scale });
  return tidy(() => composedAttention(query, key, value, scale, options).output);
}
