// torch.gather: each index entry picks one element of x along the axis, at its own position
// in the other axes. Out-of-range indices read nothing and are reported at the next readback.
import type { Kernel } from '../../kernels.js';
import { sizeOf, stridesOf } from '../../shape.js';
import type { GpuHandle } from './buffer-pool.js';
import { groupsFor } from './layout.js';
import { STATUS_CODE, type GpuRuntime } from './runtime.js';
import { entryPoint, read, REPORT_BAD_INDEX, shader, statusBinding, stridedOffsets, WORKGROUP_SIZE, write } from './wgsl.js';

/** `out[p] = x[p with its axis coordinate replaced by index[p]]`; out has index's shape. */
export function gatherKernel(rt: GpuRuntime): Kernel<'gather', GpuHandle> {
  return ([x, index], { axis }, out) => {
    const n = sizeOf(out.shape);
    const rank = index.shape.length;
    const strides = stridesOf(x.shape);
    const axisStride = strides[axis];
    strides[axis] = 0;
    const spec = shader('gather', [read('xs', 'u32'), read('idx', 'i32'), write('ys', 'u32'), statusBinding], () => `${REPORT_BAD_INDEX}
${entryPoint(`
  let n = pu(0u);
  if (gid >= n) { return; }
  let rank = pu(1u);
  ${stridedOffsets('gid', 'rank', '6u', ['6u + rank'])}
  let k = idx[gid];
  let size = p(3u);
  if (k < 0 || k >= size) {
    report_bad_index(pu(5u), k, pu(2u), u32(size));
    ys[gid] = 0u;
    return;
  }
  ys[gid] = xs[off0 + k * p(4u)];`)}`);
    const result = rt.output(n);
    rt.run(spec, [x.handle, index.handle, result, rt.statusBuffer], [n, rank, axis, x.shape[axis], axisStride, STATUS_CODE.gather, ...index.shape, ...strides], groupsFor(n, WORKGROUP_SIZE));
    return result;
  };
}
