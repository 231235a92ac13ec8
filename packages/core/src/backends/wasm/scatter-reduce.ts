// The scatterReduce kernel on wasm: src folded into a copy of x at the positions an index
// names along one axis.
import type { Kernel, ScatterReduceOp } from '../../kernels.js';
import { sizeOf, stridesOf } from '../../shape.js';
import { throwBadIndex } from './index-error.js';
import { planRows, rowArgInts, writeRows } from './rows.js';
import type { WasmRuntime } from './runtime.js';

/** Op codes in the order of assembly/scatter-reduce.ts. */
const SCATTER_OPS: readonly ScatterReduceOp[] = ['sum', 'prod', 'mean', 'amax', 'amin'];

/** For each position p of index, combines `src[p]` into `out[p with axis coordinate index[p]]`. */
export function scatterReduce(rt: WasmRuntime): Kernel<'scatterReduce', number> {
  return ([x, index, src], { axis, reduce, includeSelf }, out) => {
    const outSize = sizeOf(out.shape);
    const ptr = rt.allocate(out.dtype, outSize);
    const xStrides = stridesOf(x.shape);
    const beside = xStrides.map((s, d) => (d === axis ? 0 : s));
    const plan = planRows(index.shape, [stridesOf(index.shape), stridesOf(src.shape), beside]);
    const counts = reduce === 'mean' ? rt.allocate('int32', outSize) : 0;
    rt.beginArgs(rowArgInts(plan) + 3);
    const rows = writeRows(rt, plan);
    const start = rt.ints(plan.offsets);
    const bad = rt.exports.scatterReduce(
      SCATTER_OPS.indexOf(reduce), x.dtype === 'float32' ? 1 : 0, includeSelf ? 1 : 0, x.handle, index.handle, src.handle, ptr, counts,
      outSize, sizeOf(index.shape), x.shape[axis], xStrides[axis], plan.inner[1], plan.inner[2], plan.n, ...rows, start,
    );
    if (counts) rt.heap.release(counts);
    if (bad !== 0) {
      rt.heap.release(ptr);
      throwBadIndex(rt, 'scatterReduce', bad, index.handle, axis, x.shape[axis], 'out of bounds');
    }
    return ptr;
  };
}
