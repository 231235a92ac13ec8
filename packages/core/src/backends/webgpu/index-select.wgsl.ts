// torch.index_select: whole slabs of x, one per entry of a 1-D index, copied as raw words.
import type { Kernel } from '../../kernels.js';
import { sizeOf } from '../../shape.js';
import type { GpuHandle } from './buffer-pool.js';
import { aroundAxis, groupsFor } from './layout.js';
import { STATUS_CODE, type GpuRuntime } from './runtime.js';
import { entryPoint, read, REPORT_BAD_INDEX, shader, statusBinding, WORKGROUP_SIZE, write } from './wgsl.js';

/** `out[..., j, ...] = x[..., index[j], ...]` along `attrs.axis`; bad indices are reported at the next readback. */
export function indexSelectKernel(rt: GpuRuntime): Kernel<'indexSelect', GpuHandle> {
  return ([x, index], { axis }, out) => {
    const n = sizeOf(out.shape);
    const [, size, inner] = aroundAxis(x.shape, axis);
    const count = index.shape[0];
    const spec = shader('indexSelect', [read('xs', 'u32'), read('idx', 'i32'), write('ys', 'u32'), statusBinding], () => `${REPORT_BAD_INDEX}
${entryPoint(`
  let n = pu(0u);
  if (gid >= n) { return; }
  let count = pu(1u);
  let size = p(2u);
  let inner = pu(3u);
  let row = gid / inner;
  let o = row / count;
  let k = idx[row - o * count];
  if (k < 0 || k >= size) {
    report_bad_index(pu(5u), k, pu(4u), u32(size));
    ys[gid] = 0u;
    return;
  }
  ys[gid] = xs[(o * u32(size) + u32(k)) * inner + (gid - row * inner)];`)}`);
    const result = rt.output(n);
    rt.run(spec, [x.handle, index.handle, result, rt.statusBuffer], [n, count, size, inner, axis, STATUS_CODE.indexSelect], groupsFor(n, WORKGROUP_SIZE));
    return result;
  };
}
