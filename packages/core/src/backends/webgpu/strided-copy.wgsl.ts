// Materialises a strided view (transpose, slice, expand, flip, ...) as a gather of raw
// 32-bit words: one shader for every dtype (and one per rank up to 4).
import type { Kernel } from '../../kernels.js';
import { sizeOf } from '../../shape.js';
import type { GpuHandle } from './buffer-pool.js';
import { collapse, groupsFor } from './layout.js';
import type { GpuRuntime } from './runtime.js';
import { entryPoint, rankOf, read, shader, stridedOffsets, WORKGROUP_SIZE, write } from './wgsl.js';

/** `out[i] = x.flat[offset + Σₖ iₖ·strides[k]]` over `out.shape`; strides may be 0 or negative. */
export function stridedCopyKernel(rt: GpuRuntime): Kernel<'stridedCopy', GpuHandle> {
  return ([x], { strides, offset }, out) => {
    const n = sizeOf(out.shape);
    const walk = collapse(out.shape, [strides]);
    const r = rankOf(walk.shape.length);
    const spec = shader(`stridedCopy:${r.key}`, [read('xs', 'u32'), write('ys', 'u32')], () => entryPoint(`
  let n = pu(0u);
  if (gid >= n) { return; }
  let rank = pu(1u);
  ${stridedOffsets('gid', r.rank, '3u', [r.at(3, 1)], ['p(2u)'])}
  ys[gid] = xs[off0];`));
    const result = rt.output(n);
    rt.run(spec, [x.handle, result], [n, walk.shape.length, offset, ...walk.shape, ...walk.strides[0]], groupsFor(n, WORKGROUP_SIZE));
    return result;
  };
}
