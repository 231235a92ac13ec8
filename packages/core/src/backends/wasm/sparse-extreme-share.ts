// The sparseExtremeShare kernel on wasm (assembly/sparse-extreme-share.ts): each destination's
// gradient divided among the edges that attained its max/min, rows split over worker threads
// by edge count when the graph is large.
import type { Kernel } from '../../kernels.js';
import { graphThreads } from './graph-threads.js';
import type { WasmRuntime } from './runtime.js';

/** `out[i,h,f] = grad[i,h,f] / (the number of row i's edges whose message equals y[i,h,f])`. */
export function sparseExtremeShare(rt: WasmRuntime): Kernel<'sparseExtremeShare', number> {
  return ([x, weight, y, grad, rowPtr, colIndex], _attrs, out) => {
    const [rows, heads, features] = out.shape;
    const ptr = rt.allocate('float32', rows * heads * features);
    const threads = graphThreads(rt.pool, colIndex.shape[0] * heads * features);
    const args = [x.handle, weight.handle, y.handle, grad.handle, rowPtr.handle, colIndex.handle, ptr, rows, heads, features, 0, 1];
    if (rt.pool) rt.pool.run('sparseExtremeShare', args, 10, threads);
    else rt.exports.sparseExtremeShare(...(args as Parameters<WasmRuntime['exports']['sparseExtremeShare']>));
    return ptr;
  };
}
