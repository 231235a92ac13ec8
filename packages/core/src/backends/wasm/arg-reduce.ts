// The argReduce kernel on wasm: index of the first extreme along one axis.
import type { Kernel } from '../../kernels.js';
import { axisLayout } from './axis-layout.js';
import { DTYPE_CODE, type WasmRuntime } from './runtime.js';

/** int32 index of the first maximum or minimum along `attrs.axis` (NaN counts as the extreme). */
export function argReduce(rt: WasmRuntime): Kernel<'argReduce', number> {
  return ([x], { op, axis }, out) => {
    const { outer, size, inner } = axisLayout(x.shape, axis);
    const ptr = rt.allocate('int32', outer * inner);
    rt.exports.argReduce(op === 'argmax' ? 1 : 0, DTYPE_CODE[x.dtype], x.handle, ptr, outer, size, inner);
    return ptr;
  };
}
