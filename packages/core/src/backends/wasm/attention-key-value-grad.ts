// dKey and dValue of fused attention on wasm (assembly/attention-key-value-grad.ts), split
// over worker threads by blocks of key rows.
import type { Kernel } from '../../kernels.js';
import { sizeOf } from '../../shape.js';
import { attentionLaunch } from './attention-launch.js';
import type { WasmRuntime } from './runtime.js';

/** `[B, S, E + Ev]`: the gradients of `attention` with respect to its key and value. */
export function attentionKeyValueGrad(rt: WasmRuntime): Kernel<'attentionKeyValueGrad', number> {
  return ([query, key, value, out, gradOut, mask], attrs, output) => {
    const { sizes, threads } = attentionLaunch(rt, [query, key, value], mask, attrs);
    const ptr = rt.allocate('float32', sizeOf(output.shape));
    const args = [query.handle, key.handle, value.handle, mask?.handle ?? 0, out.handle, gradOut.handle, ptr, ...sizes, 0, 1];
    if (rt.pool) rt.pool.run('attentionKeyValueGrad', args, 17, threads);
    else rt.exports.attentionKeyValueGrad(...(args as Parameters<WasmRuntime['exports']['attentionKeyValueGrad']>));
    return ptr;
  };
}
