// Softmax over each destination's incoming edges on WebGPU (attention over neighbours): one
// thread per destination and head walks its contiguous CSR segment three times (maximum,
// sum, normalise).
import type { Kernel } from '../../kernels.js';
import type { GpuHandle } from './buffer-pool.js';
import { groupsFor } from './layout.js';
import type { GpuRuntime } from './runtime.js';
import { SCALAR_MATH } from './scalar-math.wgsl.js';
import { entryPoint, read, shader, WORKGROUP_SIZE, write } from './wgsl.js';

const spec = () =>
  shader('segmentSoftmax', [read('xs', 'f32'), read('ptr', 'i32'), write('ys', 'f32')], () => `${SCALAR_MATH}
${entryPoint(`
  if (gid >= pu(0u)) { return; }
  let heads = pu(1u);
  let row = gid / heads;
  let h = gid % heads;
  let start = u32(ptr[row]);
  let end = u32(ptr[row + 1u]);
  var m = -f_inf();
  for (var k = start; k < end; k++) { m = max_nan(m, xs[k * heads + h]); }
  var total = 0.0;
  for (var k = start; k < end; k++) { total += exp_f(xs[k * heads + h] - m); }
  for (var k = start; k < end; k++) { ys[k * heads + h] = exp_f(xs[k * heads + h] - m) / total; }`)}`);

/** Softmax of per-edge scores `[E,H]` over each CSR row's edges, per head. */
export function segmentSoftmaxKernel(rt: GpuRuntime): Kernel<'segmentSoftmax', GpuHandle> {
  return ([scores, rowPtr], _attrs, out) => {
    const heads = out.shape[1];
    const result = rt.output(out.shape[0] * heads);
    const n = (rowPtr.shape[0] - 1) * heads;
    rt.run(spec(), [scores.handle, rowPtr.handle, result], [n, heads], groupsFor(n, WORKGROUP_SIZE));
    return result;
  };
}
