// dKey and dValue of fused attention on wasm (assembly/attention-key-value-grad.ts): queries
// and output gradients transposed once per call for the tile products, each query row's
// log-sum-exp and D gathered, key rows split over worker threads.
import type { Kernel } from '../../kernels.js';
import { sizeOf } from '../../shape.js';
import { attentionGeometry } from '../attention-geometry.js';
import { maskArgs, maskPointer, runAttention, threadsFor, transposed } from './attention-launch.js';
import type { WasmRuntime } from './runtime.js';

/** Per-query statistics are read four at a time, up to a tile past the last row. */
const STATS_PADDING = 64;

/** `[B, S, E + Ev]`: the gradients of `attention` with respect to its key and value. */
export function attentionKeyValueGrad(rt: WasmRuntime): Kernel<'attentionKeyValueGrad', number> {
  return ([query, key, value, out, gradOut, mask], { scale, causal }, output) => {
    const g = attentionGeometry(query, key, value, mask);
    const threads = threadsFor(rt, g);
    const ptr = rt.allocate('float32', sizeOf(output.shape));
    const queries = transposed(rt, query.handle, g.batch, g.queries, g.depth, g.depth);
    const grads = transposed(rt, gradOut.handle, g.batch, g.queries, g.valueDepth, g.valueDepth + 1);
    const rows = g.batch * g.queries;
    const lse = rt.allocate('float32', rows + STATS_PADDING);
    const delta = rt.allocate('float32', rows + STATS_PADDING);
    // The padding is read (four at a time) and must hold numbers: no weight, no gradient.
    rt.view(lse, 'float32', rows + STATS_PADDING).fill(-Infinity);
    rt.view(delta, 'float32', rows + STATS_PADDING).fill(0);
    rt.exports.attentionRowStats(out.handle, gradOut.handle, rows, g.valueDepth, lse, delta);
    const scratch = rt.workspace(threads * rt.exports.attentionKeyValueGradScratchBytes(g.depth, g.valueDepth));
    const args = [
      query.handle, queries.ptr, key.handle, value.handle, grads.ptr, gradOut.handle, lse, delta, maskPointer(mask), ptr,
      g.batch, g.queries, g.keys, g.depth, g.valueDepth, scale, causal ? 1 : 0, ...maskArgs(g), queries.stride, 0, 1, scratch,
    ];
    runAttention(rt, 'attentionKeyValueGrad', args, 21, threads);
    for (const block of [queries.ptr, grads.ptr, lse, delta]) rt.heap.release(block);
    return ptr;
  };
}
