// The unary kernel on wasm: one call over the contiguous input.
import type { Kernel, UnaryOp } from '../../kernels.js';
import { sizeOf } from '../../shape.js';
import { DTYPE_CODE, type WasmRuntime } from './runtime.js';

/** Op codes in the order of assembly/unary.ts. */
const UNARY_OPS: readonly UnaryOp[] = [
  'neg', 'abs', 'sign', 'exp', 'log', 'log1p', 'sqrt', 'rsqrt', 'square', 'reciprocal', 'sin', 'cos', 'tanh',
  'sigmoid', 'relu', 'leakyRelu', 'elu', 'silu', 'softplus', 'floor', 'ceil', 'round', 'erf', 'gelu', 'geluTanh',
];

/** `out = f(x)` element-wise. */
export function unary(rt: WasmRuntime): Kernel<'unary', number> {
  return ([x], { op, alpha }, out) => {
    const n = sizeOf(out.shape);
    const ptr = rt.allocate(out.dtype, n);
    rt.exports.unary(UNARY_OPS.indexOf(op), DTYPE_CODE[out.dtype], x.handle, ptr, n, alpha);
    return ptr;
  };
}
