// The where kernel on wasm: selection between broadcast operands by a broadcast condition.
import type { Kernel } from '../../kernels.js';
import { sizeOf } from '../../shape.js';
import { broadcastRows } from './broadcast.js';
import { rowArgInts, writeRows } from './rows.js';
import { widthOf, type WasmRuntime } from './runtime.js';

/** `out = cond ? a : b` with broadcasting of all three inputs. */
export function where(rt: WasmRuntime): Kernel<'where', number> {
  return ([cond, a, b], _attrs, out) => {
    const ptr = rt.allocate(out.dtype, sizeOf(out.shape));
    const plan = broadcastRows([cond, a, b], out.shape);
    rt.beginArgs(rowArgInts(plan));
    const [sc, sa, sb] = plan.inner;
    rt.exports.where(widthOf(out.dtype), cond.handle, a.handle, b.handle, ptr, plan.n, sc, sa, sb, ...writeRows(rt, plan));
    return ptr;
  };
}
