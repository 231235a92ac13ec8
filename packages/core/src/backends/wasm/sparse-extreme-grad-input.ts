// The sparseExtremeGradInput kernel on wasm (assembly/sparse-extreme-grad-input.ts): a max/min
// aggregation's gradient for the source features, a pull per source over the transposed CSR,
// sources split over worker threads by edge count when the graph is large.
import type { Kernel } from '../../kernels.js';
import { graphThreads } from './graph-threads.js';
import type { WasmRuntime } from './runtime.js';

/** `out[j,h,f] = Σ_{edges k: j → i} [weight·x[j] = y[i]] · weight[k,h] · share[i,h,f]`. */
export function sparseExtremeGradInput(rt: WasmRuntime): Kernel<'sparseExtremeGradInput', number> {
  return ([x, weight, y, share, , colIndex, tRowPtr, tColIndex, , fromT], _attrs, out) => {
    const [rows, heads, features] = out.shape;
    const ptr = rt.allocate('float32', rows * heads * features);
    const threads = graphThreads(rt.pool, colIndex.shape[0] * heads * features);
    const args = [x.handle, weight.handle, y.handle, share.handle, tRowPtr.handle, tColIndex.handle, fromT.handle, ptr, rows, heads, features, 0, 1];
    if (rt.pool) rt.pool.run('sparseExtremeGradInput', args, 11, threads);
    else rt.exports.sparseExtremeGradInput(...(args as Parameters<WasmRuntime['exports']['sparseExtremeGradInput']>));
    return ptr;
  };
}
