// The concat kernel on wasm: each input's slabs copied into place as a two-level row walk.
import type { Kernel } from '../../kernels.js';
import { sizeOf } from '../../shape.js';
import { axisLayout } from './axis-layout.js';
import { planRows, rowArgInts, writeRows } from './rows.js';
import { widthOf, type WasmRuntime } from './runtime.js';

/** Concatenates `inputs` (equal shapes except along `attrs.axis`). */
export function concat(rt: WasmRuntime): Kernel<'concat', number> {
  return (inputs, { axis }, out) => {
    const ptr = rt.allocate(out.dtype, sizeOf(out.shape));
    const { outer, size, inner } = axisLayout(out.shape, axis);
    let start = 0;
    for (const input of inputs) {
      const slab = input.shape[axis] * inner;
      // [outer, slab] read contiguously, written with the output's row stride.
      const plan = planRows([outer, slab], [[slab, 1], [size * inner, 1]], [0, start]);
      rt.beginArgs(rowArgInts(plan));
      rt.exports.stridedCopy(widthOf(out.dtype), input.handle, ptr, plan.n, plan.inner[0], plan.inner[1], ...writeRows(rt, plan));
      start += slab;
    }
    return ptr;
  };
}
