// The indexSelect kernel on wasm: whole slabs along one axis, picked by a 1-D index.
import type { Kernel } from '../../kernels.js';
import { sizeOf } from '../../shape.js';
import { axisLayout } from './axis-layout.js';
import { throwBadIndex } from './index-error.js';
import { widthOf, type WasmRuntime } from './runtime.js';

/** `out[..., j, ...] = x[..., index[j], ...]` along `attrs.axis`; negative indices are errors. */
export function indexSelect(rt: WasmRuntime): Kernel<'indexSelect', number> {
  return ([x, index], { axis }, out) => {
    const { outer, size, inner } = axisLayout(x.shape, axis);
    const m = sizeOf(index.shape);
    const ptr = rt.allocate(out.dtype, sizeOf(out.shape));
    const bad = rt.exports.indexSelect(widthOf(out.dtype), x.handle, index.handle, ptr, outer, size, inner, m);
    if (bad !== 0) {
      rt.heap.release(ptr);
      throwBadIndex(rt, 'indexSelect', bad, index.handle, axis, size, 'out of range');
    }
    return ptr;
  };
}
