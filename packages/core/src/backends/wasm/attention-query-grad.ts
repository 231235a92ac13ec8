// dQuery of fused attention on wasm (assembly/attention-query-grad.ts): keys and values
// transposed once per call for the tile products, query rows split over worker threads.
import type { Kernel } from '../../kernels.js';
import { sizeOf } from '../../shape.js';
import { attentionGeometry } from '../attention-geometry.js';
import { maskArgs, maskPointer, runAttention, threadsFor, transposed } from './attention-launch.js';
import type { WasmRuntime } from './runtime.js';

/** `[B, L, E]`: the gradient of `attention` with respect to its query. */
export function attentionQueryGrad(rt: WasmRuntime): Kernel<'attentionQueryGrad', number> {
  return ([query, key, value, out, gradOut, mask], { scale, causal }, output) => {
    const g = attentionGeometry(query, key, value, mask);
    const threads = threadsFor(rt, g);
    const ptr = rt.allocate('float32', sizeOf(output.shape));
    const keys = transposed(rt, key.handle, g.batch, g.keys, g.depth, g.depth);
    const values = transposed(rt, value.handle, g.batch, g.keys, g.valueDepth, g.valueDepth);
    const scratch = rt.workspace(threads * rt.exports.attentionQueryGradScratchBytes(g.depth));
    const args = [
      query.handle, keys.ptr, values.ptr, key.handle, maskPointer(mask), out.handle, gradOut.handle, ptr, g.batch, g.queries,
      g.keys, g.depth, g.valueDepth, scale, causal ? 1 : 0, ...maskArgs(g), keys.stride, 0, 1, scratch,
    ];
    runAttention(rt, 'attentionQueryGrad', args, 19, threads);
    rt.heap.release(keys.ptr);
    rt.heap.release(values.ptr);
    return ptr;
  };
}
