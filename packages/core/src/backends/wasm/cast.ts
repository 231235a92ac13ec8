// The cast kernel on wasm: dtype conversion of contiguous values.
import type { Kernel } from '../../kernels.js';
import { sizeOf } from '../../shape.js';
import { DTYPE_CODE, type WasmRuntime } from './runtime.js';

/** Converts `x` to `out.dtype` (float → int32 truncates, anything → bool is `!= 0`). */
export function cast(rt: WasmRuntime): Kernel<'cast', number> {
  return ([x], _attrs, out) => {
    const n = sizeOf(out.shape);
    const ptr = rt.allocate(out.dtype, n);
    rt.exports.cast(DTYPE_CODE[x.dtype], DTYPE_CODE[out.dtype], x.handle, ptr, n);
    return ptr;
  };
}
