// The softmax kernel on wasm: softmax or log-softmax along one axis.
import type { Kernel } from '../../kernels.js';
import { sizeOf } from '../../shape.js';
import { axisLayout } from './axis-layout.js';
import type { WasmRuntime } from './runtime.js';

/** `exp(x − max) / Σ exp(x − max)` (or its log) along `attrs.axis`. */
export function softmax(rt: WasmRuntime): Kernel<'softmax', number> {
  return ([x], { axis, log }, out) => {
    const { outer, size, inner } = axisLayout(x.shape, axis);
    const ptr = rt.allocate('float32', sizeOf(out.shape));
    // Running max and sum rows for slices along a non-contiguous axis.
    const scratch = inner > 1 ? rt.allocate('float32', 2 * inner) : 0;
    rt.exports.softmax(x.handle, ptr, outer, size, inner, log ? 1 : 0, scratch);
    if (scratch) rt.heap.release(scratch);
    return ptr;
  };
}
