// Dtype conversion with PyTorch's rules: float → int32 truncates (NaN and overflow give
// −2³¹), anything → bool is `!= 0` (NaN is true), bool → number is 0/1.
import type { DType } from '../../dtype.js';
import type { Kernel } from '../../kernels.js';
import { sizeOf } from '../../shape.js';
import type { GpuHandle } from './buffer-pool.js';
import { groupsFor } from './layout.js';
import type { GpuRuntime } from './runtime.js';
import { SCALAR_MATH } from './scalar-math.wgsl.js';
import { entryPoint, read, shader, WGSL_TYPE, WORKGROUP_SIZE, write } from './wgsl.js';

function conversion(from: DType, to: DType): string {
  if (to === 'bool') return from === 'float32' ? 'select(0u, 1u, x != 0.0 || is_nan(x))' : `select(0u, 1u, x != ${from === 'bool' ? '0u' : '0'})`;
  if (from === to) return 'x';
  if (to === 'int32') return from === 'float32' ? 'to_i32(x)' : 'i32(x)';
  return 'f32(x)';
}

/** Converts `x` to `out.dtype`; the same dtype gives a copy. */
export function castKernel(rt: GpuRuntime): Kernel<'cast', GpuHandle> {
  return ([x], _attrs, out) => {
    const n = sizeOf(out.shape);
    const from = WGSL_TYPE[x.dtype];
    const to = WGSL_TYPE[out.dtype];
    const spec = shader(`cast:${x.dtype}:${out.dtype}`, [read('xs', from), write('ys', to)], () => `${SCALAR_MATH}
${entryPoint(`
  if (gid >= pu(0u)) { return; }
  let x = xs[gid];
  ys[gid] = ${conversion(x.dtype, out.dtype)};`)}`);
    const result = rt.output(n);
    rt.run(spec, [x.handle, result], [n], groupsFor(n, WORKGROUP_SIZE));
    return result;
  };
}
