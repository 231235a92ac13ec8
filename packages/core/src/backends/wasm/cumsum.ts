// The cumsum kernel on wasm: inclusive running sums along one axis.
import type { Kernel } from '../../kernels.js';
import { sizeOf } from '../../shape.js';
import { axisLayout } from './axis-layout.js';
import type { WasmRuntime } from './runtime.js';

/** `out[..., k, ...] = Σ_{j ≤ k} x[..., j, ...]` along `attrs.axis`. */
export function cumsum(rt: WasmRuntime): Kernel<'cumsum', number> {
  return ([x], { axis }, out) => {
    const { outer, size, inner } = axisLayout(x.shape, axis);
    const ptr = rt.allocate(out.dtype, sizeOf(out.shape));
    rt.exports.cumsum(x.dtype === 'float32' ? 1 : 0, x.handle, ptr, outer, size, inner);
    return ptr;
  };
}
