// The edgeDot kernel on wasm: one dot product per CSR edge and head (assembly/edge-dot.ts),
// rows split over worker threads by edge count when the graph is large.
import type { Kernel } from '../../kernels.js';
import { graphThreads } from './graph-threads.js';
import type { WasmRuntime } from './runtime.js';

/** `out[k,h] = Σ_f a[i,h,f] · b[colIndex[k],h,f]` for each CSR edge k of row i. */
export function edgeDot(rt: WasmRuntime): Kernel<'edgeDot', number> {
  return ([a, b, rowPtr, colIndex], _attrs, out) => {
    const [, heads, features] = a.shape;
    const ptr = rt.allocate('float32', out.shape[0] * heads);
    const threads = graphThreads(rt.pool, colIndex.shape[0] * heads * features);
    const args = [a.handle, b.handle, rowPtr.handle, colIndex.handle, ptr, a.shape[0], heads, features, 0, 1];
    if (rt.pool) rt.pool.run('edgeDot', args, 8, threads);
    else rt.exports.edgeDot(...(args as Parameters<WasmRuntime['exports']['edgeDot']>));
    return ptr;
  };
}
