// The sizes and mask strides every backend's attention kernels read off their inputs, in one
// place so that js, wasm and webgpu agree on the layout (see `attention` in kernels.ts).
import type { TensorInfo } from '../kernels.js';

/** Element strides of the broadcast mask `[Bm, Lm, Sm]`: 0 along a dimension of size 1. */
export interface MaskStrides {
  readonly batch: number;
  readonly row: number;
  readonly col: number;
}

/** Sizes of one attention call: `query [batch, queries, depth]`, `key [batch, keys, depth]`, `value [batch, keys, valueDepth]`. */
export interface AttentionGeometry {
  readonly batch: number;
  readonly queries: number;
  readonly keys: number;
  readonly depth: number;
  readonly valueDepth: number;
  /** Null when the call has no mask. */
  readonly mask: MaskStrides | null;
}

/** Reads the geometry of an attention kernel's inputs (query, key, value, then the optional mask). */
export function attentionGeometry(query: TensorInfo, key: TensorInfo, value: TensorInfo, mask: TensorInfo | undefined): AttentionGeometry {
  const [batch, queries, depth] = query.shape;
  return {
    batch,
    queries,
    keys: key.shape[1],
    depth,
    valueDepth: value.shape[2],
    mask: mask ? maskStrides(mask.shape) : null,
  };
}

function maskStrides([b, l, s]: readonly number[]): MaskStrides {
  return { batch: b === 1 ? 0 : l * s, row: l === 1 ? 0 : s, col: s === 1 ? 0 : 1 };
}

/** The keys query `i` may see end here: all of them, or with `causal` those up to `i` (top-left aligned, as `tril(ones(L, S))`). */
export function keyEnd(i: number, keys: number, causal: boolean): number {
  return causal ? Math.min(keys, i + 1) : keys;
}
