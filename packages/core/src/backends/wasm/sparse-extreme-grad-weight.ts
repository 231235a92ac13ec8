// The sparseExtremeGradWeight kernel on wasm (assembly/sparse-extreme-grad-weight.ts): a
// max/min aggregation's gradient for the edge weights, one masked dot product per edge and
// head, rows split over worker threads by edge count when the graph is large.
import type { Kernel } from '../../kernels.js';
import { graphThreads } from './graph-threads.js';
import type { WasmRuntime } from './runtime.js';

/** `out[k,h] = Σ_f [weight·x[j] = y[i]] · x[j,h,f] · share[i,h,f]` for each CSR edge k (j → i). */
export function sparseExtremeGradWeight(rt: WasmRuntime): Kernel<'sparseExtremeGradWeight', number> {
  return ([x, weight, y, share, rowPtr, colIndex], _attrs, out) => {
    const [, heads, features] = x.shape;
    const rows = rowPtr.shape[0] - 1;
    const ptr = rt.allocate('float32', out.shape[0] * heads);
    const threads = graphThreads(rt.pool, colIndex.shape[0] * heads * features);
    const args = [x.handle, weight.handle, y.handle, share.handle, rowPtr.handle, colIndex.handle, ptr, rows, heads, features, 0, 1];
    if (rt.pool) rt.pool.run('sparseExtremeGradWeight', args, 10, threads);
    else rt.exports.sparseExtremeGradWeight(...(args as Parameters<WasmRuntime['exports']['sparseExtremeGradWeight']>));
    return ptr;
  };
}
