// The reduce kernel on wasm: the input walked in order, each row folded into the output
// element (or output row) its kept coordinates name.
import type { Kernel, ReduceOp } from '../../kernels.js';
import { sizeOf, stridesOf } from '../../shape.js';
import { planRows, rowArgInts, writeRows } from './rows.js';
import { DTYPE_CODE, type WasmRuntime } from './runtime.js';

/** Op codes in the order of assembly/reduce.ts. */
const REDUCE_OPS: readonly ReduceOp[] = ['sum', 'prod', 'max', 'min'];

/** Reduces `x` over `attrs.axes`; the output holds the kept axes in order. */
export function reduce(rt: WasmRuntime): Kernel<'reduce', number> {
  return ([x], { op, axes }, out) => {
    const outSize = sizeOf(out.shape);
    const ptr = rt.allocate(out.dtype, outSize);
    // The output's strides seen from the input: its own for kept axes, 0 for reduced ones.
    const kept = x.shape.map((_, d) => d).filter((d) => !axes.includes(d));
    const keptStrides = stridesOf(kept.map((d) => x.shape[d]));
    const outStrides = x.shape.map((_, d) => (axes.includes(d) ? 0 : keptStrides[kept.indexOf(d)]));
    const plan = planRows(x.shape, [stridesOf(x.shape), outStrides]);
    rt.beginArgs(rowArgInts(plan));
    const innerReduced = plan.inner[1] === 0 ? 1 : 0;
    // Float sums and products accumulate in f64, one per output element.
    const acc = x.dtype === 'float32' && (op === 'sum' || op === 'prod') ? rt.heap.alloc(outSize * 8) : 0;
    rt.exports.reduce(REDUCE_OPS.indexOf(op), DTYPE_CODE[x.dtype], x.handle, ptr, acc, outSize, plan.n, innerReduced, ...writeRows(rt, plan));
    if (acc) rt.heap.release(acc);
    return ptr;
  };
}
