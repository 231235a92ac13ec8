// Per-edge dot products on WebGPU (the gradient of a weighted aggregation with respect to its
// edge weights): one thread per edge and head; an edge's destination is its column in the
// transposed CSR, read through the position map, so no search of rowPtr is needed.
import type { Kernel } from '../../kernels.js';
import type { GpuHandle } from './buffer-pool.js';
import { groupsFor } from './layout.js';
import type { GpuRuntime } from './runtime.js';
import { entryPoint, read, shader, WORKGROUP_SIZE, write } from './wgsl.js';

const spec = () =>
  shader('edgeDot', [read('lhs', 'f32'), read('rhs', 'f32'), read('cols', 'i32'), read('tcols', 'i32'), read('to_t', 'i32'), write('ys', 'f32')], () => entryPoint(`
  if (gid >= pu(0u)) { return; }
  let heads = pu(1u);
  let features = pu(2u);
  let k = gid / heads;
  let h = gid % heads;
  let row = u32(tcols[to_t[k]]);
  let a0 = (row * heads + h) * features;
  let b0 = (u32(cols[k]) * heads + h) * features;
  var dot = 0.0;
  for (var f = 0u; f < features; f++) { dot += lhs[a0 + f] * rhs[b0 + f]; }
  ys[gid] = dot;`));

/** `out[k,h] = Σ_f a[i,h,f] · b[colIndex[k],h,f]` for each CSR edge k of row i. */
export function edgeDotKernel(rt: GpuRuntime): Kernel<'edgeDot', GpuHandle> {
  return ([a, b, , colIndex, , tColIndex, toT], _attrs, out) => {
    const [, heads, features] = a.shape;
    const n = out.shape[0] * heads;
    const result = rt.output(n);
    rt.run(spec(), [a.handle, b.handle, colIndex.handle, tColIndex.handle, toT.handle, result], [n, heads, features], groupsFor(n, WORKGROUP_SIZE));
    return result;
  };
}
