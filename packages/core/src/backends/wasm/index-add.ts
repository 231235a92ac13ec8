// The in-place indexAdd kernel on wasm: rows added into the target's own block of memory.
import type { InPlaceKernel } from '../../kernels.js';
import { sizeOf } from '../../shape.js';
import { axisLayout } from './axis-layout.js';
import { throwBadIndex } from './index-error.js';
import type { WasmRuntime } from './runtime.js';

/** `target[o, index[k], i] += alpha · source[o, k, i]`; a bad index throws before any write. */
export function indexAdd(rt: WasmRuntime): InPlaceKernel<'indexAdd', number> {
  return (target, [index, source], { axis, alpha }) => {
    const { outer, size, inner } = axisLayout(target.shape, axis);
    const bad = rt.exports.indexAdd(target.handle, index.handle, source.handle, outer, size, inner, sizeOf(index.shape), alpha);
    if (bad !== 0) throwBadIndex(rt, 'indexAdd_', bad, index.handle, axis, size, 'out of range');
  };
}
