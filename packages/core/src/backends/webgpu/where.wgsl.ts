// Element-wise selection between two broadcast operands by a broadcast bool condition. The
// values are copied as raw 32-bit words, so one shader serves every dtype.
import type { Kernel } from '../../kernels.js';
import { sizeOf } from '../../shape.js';
import type { GpuHandle } from './buffer-pool.js';
import { broadcastStridesFor, collapse, groupsFor } from './layout.js';
import type { GpuRuntime } from './runtime.js';
import { entryPoint, rankOf, read, shader, stridedOffsets, WORKGROUP_SIZE, write } from './wgsl.js';

/** `out = cond ? a : b` with broadcasting of all three inputs. */
export function whereKernel(rt: GpuRuntime): Kernel<'where', GpuHandle> {
  return ([cond, a, b], _attrs, out) => {
    const n = sizeOf(out.shape);
    const walk = collapse(out.shape, [cond, a, b].map((t) => broadcastStridesFor(t.shape, out.shape)));
    const r = rankOf(walk.shape.length);
    const spec = shader(`where:${r.key}`, [read('in_c', 'u32'), read('in_a', 'u32'), read('in_b', 'u32'), write('ys', 'u32')], () => entryPoint(`
  let n = pu(0u);
  if (gid >= n) { return; }
  let rank = pu(1u);
  ${stridedOffsets('gid', r.rank, '2u', [r.at(2, 1), r.at(2, 2), r.at(2, 3)])}
  ys[gid] = select(in_b[off2], in_a[off1], in_c[off0] != 0u);`));
    const result = rt.output(n);
    rt.run(spec, [cond.handle, a.handle, b.handle, result], [n, walk.shape.length, ...walk.shape, ...walk.strides.flat()], groupsFor(n, WORKGROUP_SIZE));
    return result;
  };
}
