// The gradient of a max/min graph aggregation for the edge weights on WebGPU: one thread per
// edge and head sums, over the features where the edge's message was the extreme, the source
// feature times the destination's share; the destination is read through the position map.
import type { Kernel } from '../../kernels.js';
import type { GpuHandle } from './buffer-pool.js';
import { groupsFor } from './layout.js';
import type { GpuRuntime } from './runtime.js';
import { entryPoint, read, shader, WORKGROUP_SIZE, write } from './wgsl.js';

const spec = () =>
  shader('sparseExtremeGradWeight', [read('xs', 'f32'), read('ws', 'f32'), read('ys', 'f32'), read('share', 'f32'), read('cols', 'i32'), read('tcols', 'i32'), read('to_t', 'i32'), write('out', 'f32')], () => entryPoint(`
  if (gid >= pu(0u)) { return; }
  let heads = pu(1u);
  let features = pu(2u);
  let k = gid / heads;
  let h = gid % heads;
  let w = ws[gid];
  let d0 = (u32(tcols[to_t[k]]) * heads + h) * features;
  let s0 = (u32(cols[k]) * heads + h) * features;
  var dot = 0.0;
  for (var f = 0u; f < features; f++) {
    let v = xs[s0 + f];
    if (w * v == ys[d0 + f]) { dot += v * share[d0 + f]; }
  }
  out[gid] = dot;`));

/** `out[k,h] = Σ_f [weight·x[j] = y[i]] · x[j,h,f] · share[i,h,f]` for each CSR edge k (j → i), one thread per edge and head. */
export function sparseExtremeGradWeightKernel(rt: GpuRuntime): Kernel<'sparseExtremeGradWeight', GpuHandle> {
  return ([x, weight, y, share, , colIndex, , tColIndex, toT], _attrs, out) => {
    const [, heads, features] = x.shape;
    const n = out.shape[0] * heads;
    const result = rt.output(n);
    rt.run(spec(), [x.handle, weight.handle, y.handle, share.handle, colIndex.handle, tColIndex.handle, toT.handle, result], [n, heads, features], groupsFor(n, WORKGROUP_SIZE));
    return result;
  };
}
