// The sparseAggregate kernel on wasm: a pull per destination row (assembly/sparse-aggregate.ts),
// rows split over worker threads by edge count when the graph is large.
import type { Kernel, SparseReduceOp } from '../../kernels.js';
import { graphThreads } from './graph-threads.js';
import type { WasmRuntime } from './runtime.js';

/** Reduction codes in the order of assembly/sparse-aggregate.ts. */
const CODES: readonly SparseReduceOp[] = ['sum', 'mean', 'max', 'min'];

/** `out[i,h,:] = reduce_k weight[k,h] · x[colIndex[k],h,:]` over the CSR edges k of row i. */
export function sparseAggregate(rt: WasmRuntime): Kernel<'sparseAggregate', number> {
  return ([x, weight, rowPtr, colIndex], { reduce }, out) => {
    const [rows, heads, features] = out.shape;
    const ptr = rt.allocate('float32', rows * heads * features);
    const threads = graphThreads(rt.pool, colIndex.shape[0] * heads * features);
    const args = [CODES.indexOf(reduce), x.handle, weight.handle, rowPtr.handle, colIndex.handle, ptr, rows, heads, features, 0, 1];
    if (rt.pool) rt.pool.run('sparseAggregate', args, 9, threads);
    else rt.exports.sparseAggregate(...(args as Parameters<WasmRuntime['exports']['sparseAggregate']>));
    return ptr;
  };
}
