// Joins tensors along one axis with one copy dispatch per input: for each outer index an
// input contributes a contiguous slab, written at its running start within the output row.
import type { Kernel } from '../../kernels.js';
import { sizeOf } from '../../shape.js';
import type { GpuHandle } from './buffer-pool.js';
import { aroundAxis, groupsFor } from './layout.js';
import type { GpuRuntime } from './runtime.js';
import { entryPoint, read, shader, WORKGROUP_SIZE, write } from './wgsl.js';

/** Concatenates `inputs` (equal shapes except along `attrs.axis`, all of `out.dtype`). */
export function concatKernel(rt: GpuRuntime): Kernel<'concat', GpuHandle> {
  return (inputs, { axis }, out) => {
    const [outer, size, inner] = aroundAxis(out.shape, axis);
    const spec = shader('concat', [read('xs', 'u32'), write('ys', 'u32')], () => entryPoint(`
  let n = pu(0u);
  if (gid >= n) { return; }
  let slab = pu(1u);
  let o = gid / slab;
  ys[o * pu(2u) + pu(3u) + (gid - o * slab)] = xs[gid];`));
    const result = rt.output(sizeOf(out.shape));
    let start = 0;
    for (const input of inputs) {
      const slab = input.shape[axis] * inner;
      const n = outer * slab;
      rt.run(spec, [input.handle, result], [n, slab, size * inner, start], groupsFor(n, WORKGROUP_SIZE));
      start += slab;
    }
    return result;
  };
}
