// The fused LSTM cell update on wasm (assembly/lstm-gates.ts): h | c in one output block.
import type { Kernel } from '../../kernels.js';
import { runGateRows } from './gate-rows.js';
import type { WasmRuntime } from './runtime.js';

/** `[B, 2H]`: h and c of an LSTM step from its gate pre-activations and cPrev. */
export function lstmGates(rt: WasmRuntime): Kernel<'lstmGates', number> {
  return ([gates, cPrev]) => {
    const [B, H] = cPrev.shape;
    const ptr = rt.allocate('float32', B * 2 * H);
    runGateRows(rt, 'lstmGates', [gates.handle, cPrev.handle, ptr, B, H], B, H);
    return ptr;
  };
}
