// The stridedCopy kernel on wasm: a strided view of the input materialised row by row.
import type { Kernel } from '../../kernels.js';
import { sizeOf, stridesOf } from '../../shape.js';
import { planRows, rowArgInts, writeRows } from './rows.js';
import { widthOf, type WasmRuntime } from './runtime.js';

/** `out[i] = x.flat[offset + Σₖ iₖ·strides[k]]` over `out.shape`; strides may be 0 or negative. */
export function stridedCopy(rt: WasmRuntime): Kernel<'stridedCopy', number> {
  return ([x], { strides, offset }, out) => {
    const ptr = rt.allocate(out.dtype, sizeOf(out.shape));
    const plan = planRows(out.shape, [strides, stridesOf(out.shape)], [offset, 0]);
    rt.beginArgs(rowArgInts(plan));
    rt.exports.stridedCopy(widthOf(out.dtype), x.handle, ptr, plan.n, plan.inner[0], plan.inner[1], ...writeRows(rt, plan));
    return ptr;
  };
}
