// The fused attention forward kernel on wasm (assembly/attention.ts): one scratch tile of
// scores per thread, split over worker threads by blocks of query rows.
import type { Kernel } from '../../kernels.js';
import { sizeOf } from '../../shape.js';
import { attentionLaunch } from './attention-launch.js';
import type { WasmRuntime } from './runtime.js';

/** `[B, L, Ev + 1]`: the attention output and each row's log-sum-exp. */
export function attention(rt: WasmRuntime): Kernel<'attention', number> {
  return ([query, key, value, mask], attrs, out) => {
    const { geometry, sizes, threads } = attentionLaunch(rt, [query, key, value], mask, attrs);
    const ptr = rt.allocate('float32', sizeOf(out.shape));
    const scratch = rt.workspace(threads * rt.exports.attentionScratchBytes(geometry.valueDepth));
    const args = [query.handle, key.handle, value.handle, mask?.handle ?? 0, ptr, ...sizes, 0, 1, scratch];
    if (rt.pool) rt.pool.run('attention', args, 15, threads);
    else rt.exports.attention(...(args as Parameters<WasmRuntime['exports']['attention']>));
    return ptr;
  };
}
