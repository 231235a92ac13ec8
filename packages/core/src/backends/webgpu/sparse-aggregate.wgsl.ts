// Graph aggregation on WebGPU as a pull per destination over a CSR sorted by destination: one
// thread per output element folds its row's incoming edges, so there are no atomics (WGSL has
// no float atomics), the result is deterministic, and no per-edge message is stored.
import type { Kernel, SparseReduceOp } from '../../kernels.js';
import type { GpuHandle } from './buffer-pool.js';
import { groupsFor } from './layout.js';
import type { GpuRuntime } from './runtime.js';
import { SCALAR_MATH } from './scalar-math.wgsl.js';
import { entryPoint, read, shader, WORKGROUP_SIZE, write } from './wgsl.js';

/** How each reduction starts and folds one message `m` into `acc`. */
const FOLD: Record<SparseReduceOp, { init: string; fold: string }> = {
  sum: { init: '0.0', fold: 'acc + m' },
  mean: { init: '0.0', fold: 'acc + m' },
  max: { init: '-f_inf()', fold: 'max_nan(acc, m)' },
  min: { init: 'f_inf()', fold: 'min_nan(acc, m)' },
};

function aggregateShader(reduce: SparseReduceOp) {
  const { init, fold } = FOLD[reduce];
  const finish = reduce === 'mean' ? 'acc / f32(end - start)' : 'acc';
  return shader(`sparseAggregate:${reduce}`, [read('xs', 'f32'), read('ws', 'f32'), read('ptr', 'i32'), read('cols', 'i32'), write('ys', 'f32')], () => `${SCALAR_MATH}
${entryPoint(`
  if (gid >= pu(0u)) { return; }
  let heads = pu(1u);
  let features = pu(2u);
  let row = gid / (heads * features);
  let h = (gid / features) % heads;
  let f = gid % features;
  let start = ptr[row];
  let end = ptr[row + 1u];
  if (start == end) { ys[gid] = 0.0; return; }
  var acc = ${init};
  for (var k = start; k < end; k++) {
    let m = ws[u32(k) * heads + h] * xs[(u32(cols[k]) * heads + h) * features + f];
    acc = ${fold};
  }
  ys[gid] = ${finish};`)}`);
}

/** `out[i,h,f] = reduce_k weight[k,h] · x[colIndex[k],h,f]` over the CSR edges k of row i, one thread per output. */
export function sparseAggregateKernel(rt: GpuRuntime): Kernel<'sparseAggregate', GpuHandle> {
  return ([x, weight, rowPtr, colIndex], { reduce }, out) => {
    const [rows, heads, features] = out.shape;
    const n = rows * heads * features;
    const result = rt.output(n);
    rt.run(aggregateShader(reduce), [x.handle, weight.handle, rowPtr.handle, colIndex.handle, result], [n, heads, features], groupsFor(n, WORKGROUP_SIZE));
    return result;
  };
}
