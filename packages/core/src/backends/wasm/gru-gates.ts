// The fused GRU cell update on wasm (assembly/gru-gates.ts).
import type { Kernel } from '../../kernels.js';
import { runGateRows } from './gate-rows.js';
import type { WasmRuntime } from './runtime.js';

/** `[B, H]`: h of a GRU step from its input and hidden projections and hPrev. */
export function gruGates(rt: WasmRuntime): Kernel<'gruGates', number> {
  return ([gi, gh, hPrev]) => {
    const [B, H] = hPrev.shape;
    const ptr = rt.allocate('float32', B * H);
    runGateRows(rt, 'gruGates', [gi.handle, gh.handle, hPrev.handle, ptr, B, H], B, H);
    return ptr;
  };
}
