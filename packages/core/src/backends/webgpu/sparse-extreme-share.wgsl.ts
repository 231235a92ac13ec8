// The first step of a max/min graph aggregation's backward on WebGPU: one thread per output
// element counts the incoming edges whose message equals the aggregate (recomputed as the
// forward computed it) and divides the gradient among them, as torch.scatter_reduce's amax/amin.
import type { Kernel } from '../../kernels.js';
import type { GpuHandle } from './buffer-pool.js';
import { groupsFor } from './layout.js';
import type { GpuRuntime } from './runtime.js';
import { entryPoint, read, shader, WORKGROUP_SIZE, write } from './wgsl.js';

const spec = () =>
  shader('sparseExtremeShare', [read('xs', 'f32'), read('ws', 'f32'), read('ys', 'f32'), read('gs', 'f32'), read('ptr', 'i32'), read('cols', 'i32'), write('out', 'f32')], () => entryPoint(`
  if (gid >= pu(0u)) { return; }
  let heads = pu(1u);
  let features = pu(2u);
  let row = gid / (heads * features);
  let h = (gid / features) % heads;
  let f = gid % features;
  var ties = 0u;
  for (var k = ptr[row]; k < ptr[row + 1u]; k++) {
    if (ws[u32(k) * heads + h] * xs[(u32(cols[k]) * heads + h) * features + f] == ys[gid]) { ties += 1u; }
  }
  out[gid] = select(0.0, gs[gid] / f32(ties), ties > 0u);`));

/** `out[i,h,f] = grad[i,h,f] / (the number of row i's edges whose message equals y[i,h,f])`, 0 for none. */
export function sparseExtremeShareKernel(rt: GpuRuntime): Kernel<'sparseExtremeShare', GpuHandle> {
  return ([x, weight, y, grad, rowPtr, colIndex], _attrs, out) => {
    const [rows, heads, features] = out.shape;
    const n = rows * heads * features;
    const result = rt.output(n);
    rt.run(spec(), [x.handle, weight.handle, y.handle, grad.handle, rowPtr.handle, colIndex.handle, result], [n, heads, features], groupsFor(n, WORKGROUP_SIZE));
    return result;
  };
}
