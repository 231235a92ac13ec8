// Scaled dot-product attention with PyTorch 2's `F.scaled_dot_product_attention` semantics
// (without dropout), on the fused `attention` kernel: no backend stores the L×S scores.
import { runKernel, tidy } from '../engine.js';
import { check, fmt, opError } from '../errors.js';
import { sizeOf } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { live, requireFloat, sameBackend } from './args.js';
import { expand, reshape } from './reshape.js';
import { where } from './selection.js';
import { narrow } from './slicing.js';

const OP = 'scaledDotProductAttention';

/** Options of `scaledDotProductAttention`. */
export interface ScaledDotProductAttentionOptions {
  /**
   * Broadcastable to `[..., L, S]`. A bool mask says where a query may attend (true = may);
   * a float mask is added to the scores (and gets a gradient when it requires one).
   */
  attnMask?: Tensor;
  /** Each query attends to keys at or before its own position (`tril(ones(L, S))`, top-left aligned). */
  isCausal?: boolean;
  /** Multiplies `q·kᵀ`; defaults to `1 / √E`. */
  scale?: number;
}

/** Broadcasts batch shapes right-aligned; null when they do not broadcast. */
function broadcastBatch(shapes: readonly (readonly number[])[]): number[] | null {
  const rank = Math.max(...shapes.map((s) => s.length));
  const out: number[] = [];
  for (let d = 0; d < rank; d++) {
    let size = 1;
    for (const s of shapes) {
      const own = s[s.length - rank + d] ?? 1;
      if (own === 1) continue;
      if (size !== 1 && size !== own) return null;
      size = own;
    }
    out.push(size);
  }
  return out;
}

/** `x` as a contiguous `[B, rows, cols]`, expanding broadcast batch dimensions first. */
function asBatched(x: Tensor, batch: readonly number[]): Tensor {
  const rows = x.shape[x.ndim - 2], cols = x.shape[x.ndim - 1];
  const full = [...batch, rows, cols];
  const same = x.ndim === full.length && x.shape.every((s, d) => s === full[d]);
  return reshape(same ? x : expand(x, full), [sizeOf(batch), rows, cols]);
}

/**
 * The mask as the kernel's additive float `[Bm, Lm, Sm]`: rows and columns of size 1 stay
 * broadcast (stride 0 in the kernels); batch dimensions are expanded only when some, not
 * all, of them broadcast, so a `[L, S]` mask is never copied per batch.
 */
function kernelMask(mask: Tensor, batch: readonly number[]): Tensor {
  const additive = mask.dtype === 'bool' ? where(mask, 0, -Infinity) : mask;
  const padded = [...new Array<number>(batch.length + 2 - mask.ndim).fill(1), ...mask.shape];
  const [rows, cols] = padded.slice(-2);
  const own = padded.slice(0, -2);
  const shared = own.every((s) => s === 1);
  const full = own.every((s, d) => s === batch[d]);
  const batched = shared || full ? additive : expand(additive, [...batch, rows, cols]);
  return reshape(batched, [shared ? 1 : sizeOf(batch), rows, cols]);
}

function checkMask(mask: Tensor, batch: readonly number[], L: number, S: number, isCausal: boolean): void {
  live(OP, mask, 'attnMask');
  check(!isCausal, OP, () => `attnMask and isCausal cannot both be set (as in PyTorch): got a mask of shape ${fmt(mask.shape)} with isCausal true`);
  check(mask.dtype === 'bool' || mask.dtype === 'float32', OP, () => `attnMask must be bool or float32, got ${mask.dtype} (shape ${fmt(mask.shape)})`);
  const target = [...batch, L, S];
  const fits = mask.ndim >= 1 && mask.ndim <= target.length &&
    mask.shape.every((s, d) => s === 1 || s === target[target.length - mask.ndim + d]);
  check(fits, OP, () => `attnMask of shape ${fmt(mask.shape)} does not broadcast to the scores' shape ${fmt(target)} ([..., L, S])`);
}

/**
 * Attention `softmax(q·kᵀ·scale + mask)·v` over the last two dimensions of `query [..., L, E]`,
 * `key [..., S, E]` and `value [..., S, Ev]` (batch dimensions broadcast), giving
 * `[..., L, Ev]`, as PyTorch's `F.scaled_dot_product_attention` without dropout. It runs one
 * fused kernel (flash-attention style on wasm and webgpu) that never stores the L×S scores,
 * and has its own gradient for query, key, value and a float mask.
 *
 * A query row whose keys are all masked out gives zeros (and zero gradients), as PyTorch's
 * math path does since 2.5 (its "safe softmax"; older versions gave NaN).
 * @example
 * const out = scaledDotProductAttention(q, k, v, { isCausal: true }); // [N, H, L, Ev]
 */
export function scaledDotProductAttention(query: Tensor, key: Tensor, value: Tensor, options: ScaledDotProductAttentionOptions = {}): Tensor {
  const inputs = [live(OP, query, 'query'), live(OP, key, 'key'), live(OP, value, 'value')];
  const names = ['query', 'key', 'value'];
  inputs.forEach((t, i) => {
    requireFloat(OP, t, names[i]);
    check(t.ndim >= 2, OP, () => `${names[i]} must have at least 2 dimensions ([..., rows, features]), got ${fmt(t.shape)}`);
  });
  const shapes = () => `query ${fmt(query.shape)}, key ${fmt(key.shape)}, value ${fmt(value.shape)}`;
  const [L, E] = query.shape.slice(-2);
  const [S, keyDepth] = key.shape.slice(-2);
  const [valueRows, Ev] = value.shape.slice(-2);
  check(keyDepth === E, OP, () => `key's last dimension must equal query's (E): ${shapes()}`);
  check(valueRows === S, OP, () => `value must have as many rows as key (S): ${shapes()}`);
  const batch = broadcastBatch(inputs.map((t) => t.shape.slice(0, -2)));
  if (!batch) throw opError(OP, `batch dimensions do not broadcast: ${shapes()}`);
  const { attnMask, isCausal = false, scale = 1 / Math.sqrt(E) } = options;
  check(typeof scale === 'number' && Number.isFinite(scale), OP, () => `scale must be a finite number, got ${String(scale)}`);
  if (attnMask !== undefined && attnMask !== null) {
    checkMask(attnMask, batch, L, S, isCausal);
    sameBackend(OP, [...inputs, attnMask]);
  } else sameBackend(OP, inputs);
  return tidy(() => {
    const args = inputs.map((t) => asBatched(t, batch));
    if (attnMask) args.push(kernelMask(attnMask, batch));
    const B = sizeOf(batch);
    const packed = runKernel('attention', args, { scale, causal: isCausal }, [B, L, Ev + 1], 'float32');
    return reshape(narrow(packed, 2, 0, Ev), [...batch, L, Ev]);
  });
}
