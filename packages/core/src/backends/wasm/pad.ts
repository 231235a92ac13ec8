// The pad kernel on wasm: fill with the value, then copy the part of the input that lands
// inside the output (negative pads crop) as one row walk.
import type { Kernel } from '../../kernels.js';
import { sizeOf, stridesOf } from '../../shape.js';
import { fillBits } from './fill-bits.js';
import { planRows, rowArgInts, writeRows } from './rows.js';
import { widthOf, type WasmRuntime } from './runtime.js';

/** `out[o] = x[o − before]` where that lies inside x, else `attrs.value`. */
export function pad(rt: WasmRuntime): Kernel<'pad', number> {
  return ([x], { pads, value }, out) => {
    const total = sizeOf(out.shape);
    const ptr = rt.allocate(out.dtype, total);
    const width = widthOf(out.dtype);
    rt.exports.fill(width, ptr, total, fillBits(value, out.dtype));
    // The overlap per dim in output coordinates: [max(0, before), min(out, before + in)).
    const before = pads.map((p) => p[0]);
    const lo = out.shape.map((_, d) => Math.max(0, before[d]));
    const region = out.shape.map((o, d) => Math.min(o, before[d] + x.shape[d]) - lo[d]);
    if (region.some((r) => r <= 0)) return ptr;
    const inStrides = stridesOf(x.shape);
    const outStrides = stridesOf(out.shape);
    const inStart = lo.reduce((s, l, d) => s + (l - before[d]) * inStrides[d], 0);
    const outStart = lo.reduce((s, l, d) => s + l * outStrides[d], 0);
    const plan = planRows(region, [inStrides, outStrides], [inStart, outStart]);
    rt.beginArgs(rowArgInts(plan));
    rt.exports.stridedCopy(width, x.handle, ptr, plan.n, plan.inner[0], plan.inner[1], ...writeRows(rt, plan));
    return ptr;
  };
}
