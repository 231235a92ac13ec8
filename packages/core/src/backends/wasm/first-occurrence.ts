// The firstOccurrence kernel on wasm: a hash table in the runtime's workspace.
import type { Kernel } from '../../kernels.js';
import { sizeOf } from '../../shape.js';
import type { WasmRuntime } from './runtime.js';

/** `out[k]` = the first position of the index holding `index[k]`'s value. */
export function firstOccurrence(rt: WasmRuntime): Kernel<'firstOccurrence', number> {
  return ([index]) => {
    const n = sizeOf(index.shape);
    const ptr = rt.allocate('int32', n);
    rt.exports.firstOccurrence(index.handle, ptr, n, rt.workspace(rt.exports.firstOccurrenceScratchBytes(n)));
    return ptr;
  };
}
