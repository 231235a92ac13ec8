// What the three wasm attention kernels share on the host side: the geometry and mask
// strides as kernel arguments, and the thread count the work pays for.
import type { AttentionAttrs, TensorInfo } from '../../kernels.js';
import { attentionGeometry, type AttentionGeometry } from '../attention-geometry.js';
import type { WasmRuntime } from './runtime.js';

/**
 * Below this many multiply-adds (B·L·S·(E + Ev)) a call runs on one thread, as matmul's
 * threshold (waking workers costs more than the work).
 */
const PARALLEL_MIN_WORK = 3 << 20;

/** The geometry of a call and its shared trailing arguments (sizes, scale, mask strides). */
export function attentionLaunch(rt: WasmRuntime, [query, key, value]: TensorInfo<number>[], mask: TensorInfo<number> | undefined, { scale, causal }: AttentionAttrs): {
  geometry: AttentionGeometry;
  sizes: number[];
  threads: number;
} {
  const g = attentionGeometry(query, key, value, mask);
  const m = g.mask ?? { batch: 0, row: 0, col: 0 };
  const work = g.batch * g.queries * g.keys * (g.depth + g.valueDepth);
  return {
    geometry: g,
    sizes: [g.batch, g.queries, g.keys, g.depth, g.valueDepth, scale, causal ? 1 : 0, m.batch, m.row, m.col],
    threads: rt.pool && work >= PARALLEL_MIN_WORK ? rt.pool.threads : 1,
  };
}
