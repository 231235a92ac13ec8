// The binary kernel on wasm: arithmetic and comparisons with broadcasting, row by row.
import type { BinaryOp, Kernel } from '../../kernels.js';
import { sizeOf } from '../../shape.js';
import { broadcastRows } from './broadcast.js';
import { rowArgInts, writeRows } from './rows.js';
import { DTYPE_CODE, type WasmRuntime } from './runtime.js';

/** Op codes in the order of assembly/binary.ts. */
const BINARY_OPS: readonly BinaryOp[] = ['add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum', 'eq', 'ne', 'lt', 'le', 'gt', 'ge'];

/** `out = a ∘ b` with broadcasting; comparisons write bools. */
export function binary(rt: WasmRuntime): Kernel<'binary', number> {
  return ([a, b], { op }, out) => {
    const ptr = rt.allocate(out.dtype, sizeOf(out.shape));
    const plan = broadcastRows([a, b], out.shape);
    rt.beginArgs(rowArgInts(plan));
    const [sa, sb] = plan.inner;
    rt.exports.binary(BINARY_OPS.indexOf(op), DTYPE_CODE[a.dtype], a.handle, b.handle, ptr, plan.n, sa, sb, ...writeRows(rt, plan));
    return ptr;
  };
}
