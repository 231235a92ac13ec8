// Groups repeated indices on the GPU: each thread scans the positions before its own for
// the first one holding the same value. O(n²) comparisons of n indices (a batch's), with no
// atomics and no data-dependent shapes.
import type { Kernel } from '../../kernels.js';
import { sizeOf } from '../../shape.js';
import type { GpuHandle } from './buffer-pool.js';
import { groupsFor } from './layout.js';
import type { GpuRuntime } from './runtime.js';
import { entryPoint, read, shader, WORKGROUP_SIZE, write } from './wgsl.js';

/** `out[k]` = the first position of the index holding `index[k]`'s value. */
export function firstOccurrenceKernel(rt: GpuRuntime): Kernel<'firstOccurrence', GpuHandle> {
  return ([index]) => {
    const n = sizeOf(index.shape);
    const spec = shader('firstOccurrence', [read('idx', 'i32'), write('out', 'i32')], () => entryPoint(`
  let n = pu(0u);
  if (gid >= n) { return; }
  let v = idx[gid];
  var first = gid;
  for (var j = 0u; j < gid; j++) {
    if (idx[j] == v) { first = j; break; }
  }
  out[gid] = i32(first);`));
    const result = rt.output(n);
    rt.run(spec, [index.handle, result], [n], groupsFor(n, WORKGROUP_SIZE));
    return result;
  };
}
