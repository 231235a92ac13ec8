// The backward of the fused GRU cell update on wasm (assembly/gru-gates-grad.ts).
import type { Kernel } from '../../kernels.js';
import { runGateRows } from './gate-rows.js';
import type { WasmRuntime } from './runtime.js';

/** `[B, 7H]`: dGi | dGh | dhPrev from the projections, hPrev and the gradient of h. */
export function gruGatesGrad(rt: WasmRuntime): Kernel<'gruGatesGrad', number> {
  return ([gi, gh, hPrev, gradOut]) => {
    const [B, H] = hPrev.shape;
    const ptr = rt.allocate('float32', B * 7 * H);
    runGateRows(rt, 'gruGatesGrad', [gi.handle, gh.handle, hPrev.handle, gradOut.handle, ptr, B, H], B, H);
    return ptr;
  };
}
