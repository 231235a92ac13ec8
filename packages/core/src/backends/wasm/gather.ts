// The gather kernel on wasm: out has the index's shape; each entry reads x at its own
// position with the axis coordinate replaced by the index value.
import type { Kernel } from '../../kernels.js';
import { sizeOf, stridesOf } from '../../shape.js';
import { throwBadIndex } from './index-error.js';
import { planRows, rowArgInts, writeRows } from './rows.js';
import { widthOf, type WasmRuntime } from './runtime.js';

/** `out[p] = x[p with its axis coordinate replaced by index[p]]`. */
export function gather(rt: WasmRuntime): Kernel<'gather', number> {
  return ([x, index], { axis }, out) => {
    const count = sizeOf(index.shape);
    const ptr = rt.allocate(out.dtype, count);
    const xStrides = stridesOf(x.shape);
    const beside = xStrides.map((s, d) => (d === axis ? 0 : s));
    const plan = planRows(index.shape, [stridesOf(index.shape), beside]);
    rt.beginArgs(rowArgInts(plan));
    const bad = rt.exports.gather(
      widthOf(out.dtype), x.handle, index.handle, ptr, count, x.shape[axis], plan.inner[1], xStrides[axis], plan.n, ...writeRows(rt, plan),
    );
    if (bad !== 0) {
      rt.heap.release(ptr);
      throwBadIndex(rt, 'gather', bad, index.handle, axis, x.shape[axis], 'out of bounds');
    }
    return ptr;
  };
}
