// The backward of the fused LSTM cell update on wasm (assembly/lstm-gates-grad.ts).
import type { Kernel } from '../../kernels.js';
import { runGateRows } from './gate-rows.js';
import type { WasmRuntime } from './runtime.js';

/** `[B, 5H]`: dGates | dcPrev from the gates, cPrev and the gradient of h | c. */
export function lstmGatesGrad(rt: WasmRuntime): Kernel<'lstmGatesGrad', number> {
  return ([gates, cPrev, gradOut]) => {
    const [B, H] = cPrev.shape;
    const ptr = rt.allocate('float32', B * 5 * H);
    runGateRows(rt, 'lstmGatesGrad', [gates.handle, cPrev.handle, gradOut.handle, ptr, B, H], B, H);
    return ptr;
  };
}
