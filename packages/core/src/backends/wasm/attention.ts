// The fused attention forward kernel on wasm (assembly/attention.ts): the keys transposed
// once per call for the tile products, a scratch tile per thread, and the query rows split
// over worker threads in blocks.
import type { Kernel } from '../../kernels.js';
import { sizeOf } from '../../shape.js';
import { attentionGeometry } from '../attention-geometry.js';
import { maskArgs, maskPointer, runAttention, threadsFor, transposed } from './attention-launch.js';
import type { WasmRuntime } from './runtime.js';

/** `[B, L, Ev + 1]`: the attention output and each row's log-sum-exp. */
export function attention(rt: WasmRuntime): Kernel<'attention', number> {
  return ([query, key, value, mask], { scale, causal }, out) => {
    const g = attentionGeometry(query, key, value, mask);
    const threads = threadsFor(rt, g);
    const ptr = rt.allocate('float32', sizeOf(out.shape));
    const keys = transposed(rt, key.handle, g.batch, g.keys, g.depth, g.depth);
    const scratch = rt.workspace(threads * rt.exports.attentionScratchBytes(g.valueDepth));
    const args = [
      query.handle, keys.ptr, value.handle, maskPointer(mask), ptr, g.batch, g.queries, g.keys, g.depth, g.valueDepth,
      scale, causal ? 1 : 0, ...maskArgs(g), keys.stride, 0, 1, scratch,
    ];
    runAttention(rt, 'attention', args, 16, threads);
    rt.heap.release(keys.ptr);
    return ptr;
  };
}
