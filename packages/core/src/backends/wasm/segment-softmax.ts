// The segmentSoftmax kernel on wasm: softmax over each destination's incoming edges
// (assembly/segment-softmax.ts).
import type { Kernel } from '../../kernels.js';
import type { WasmRuntime } from './runtime.js';

/** Softmax of per-edge scores `[E,H]` over each CSR row's edges, per head. */
export function segmentSoftmax(rt: WasmRuntime): Kernel<'segmentSoftmax', number> {
  return ([scores, rowPtr], _attrs, out) => {
    const [edges, heads] = out.shape;
    const ptr = rt.allocate('float32', edges * heads);
    rt.exports.segmentSoftmax(scores.handle, rowPtr.handle, ptr, rowPtr.shape[0] - 1, heads);
    return ptr;
  };
}
