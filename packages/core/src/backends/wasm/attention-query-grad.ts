// dQuery of fused attention on wasm (assembly/attention-query-grad.ts), split over worker
// threads by blocks of query rows.
import type { Kernel } from '../../kernels.js';
import { sizeOf } from '../../shape.js';
import { attentionLaunch } from './attention-launch.js';
import type { WasmRuntime } from './runtime.js';

/** `[B, L, E]`: the gradient of `attention` with respect to its query. */
export function attentionQueryGrad(rt: WasmRuntime): Kernel<'attentionQueryGrad', number> {
  return ([query, key, value, out, gradOut, mask], attrs, output) => {
    const { sizes, threads } = attentionLaunch(rt, [query, key, value], mask, attrs);
    const ptr = rt.allocate('float32', sizeOf(output.shape));
    const args = [query.handle, key.handle, value.handle, mask?.handle ?? 0, out.handle, gradOut.handle, ptr, ...sizes, 0, 1];
    if (rt.pool) rt.pool.run('attentionQueryGrad', args, 17, threads);
    else rt.exports.attentionQueryGrad(...(args as Parameters<WasmRuntime['exports']['attentionQueryGrad']>));
    return ptr;
  };
}
