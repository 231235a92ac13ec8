// The gradient of a max/min graph aggregation for the source features on WebGPU: one thread
// per source element pulls over its out-edges in the transposed CSR (no atomics), taking the
// destination's share wherever its message was the extreme.
import type { Kernel } from '../../kernels.js';
import type { GpuHandle } from './buffer-pool.js';
import { groupsFor } from './layout.js';
import type { GpuRuntime } from './runtime.js';
import { entryPoint, read, shader, WORKGROUP_SIZE, write } from './wgsl.js';

const spec = () =>
  shader('sparseExtremeGradInput', [read('xs', 'f32'), read('ws', 'f32'), read('ys', 'f32'), read('share', 'f32'), read('tptr', 'i32'), read('tcols', 'i32'), read('from_t', 'i32'), write('out', 'f32')], () => entryPoint(`
  if (gid >= pu(0u)) { return; }
  let heads = pu(1u);
  let features = pu(2u);
  let row = gid / (heads * features);
  let h = (gid / features) % heads;
  let f = gid % features;
  let v = xs[gid];
  var acc = 0.0;
  for (var p = tptr[row]; p < tptr[row + 1u]; p++) {
    let w = ws[u32(from_t[p]) * heads + h];
    let at = (u32(tcols[p]) * heads + h) * features + f;
    if (w * v == ys[at]) { acc += w * share[at]; }
  }
  out[gid] = acc;`));

/** `out[j,h,f] = Σ_{edges k: j → i} [weight·x[j] = y[i]] · weight[k,h] · share[i,h,f]`, one thread per output. */
export function sparseExtremeGradInputKernel(rt: GpuRuntime): Kernel<'sparseExtremeGradInput', GpuHandle> {
  return ([x, weight, y, share, , , tRowPtr, tColIndex, , fromT], _attrs, out) => {
    const [rows, heads, features] = out.shape;
    const n = rows * heads * features;
    const result = rt.output(n);
    rt.run(spec(), [x.handle, weight.handle, y.handle, share.handle, tRowPtr.handle, tColIndex.handle, fromT.handle, result], [n, heads, features], groupsFor(n, WORKGROUP_SIZE));
    return result;
  };
}
