// Fused softmax and log-softmax along one axis, stabilised by each line's maximum: one
// dispatch instead of the max, subtract, exp, sum and divide a composition would take.
// Long contiguous rows get a workgroup each (tree reductions in workgroup memory for the
// maximum and the sum); other lines run one thread each.
// NOTE: a line whose maximum is ±Infinity or NaN gives NaN throughout (∞ − ∞), as in PyTorch.
import type { Kernel } from '../../kernels.js';
import type { GpuHandle } from './buffer-pool.js';
import { aroundAxis, groupsFor } from './layout.js';
import type { GpuRuntime } from './runtime.js';
import { SCALAR_MATH } from './scalar-math.wgsl.js';
import { entryPoint, read, REDUCTION_SIZE, shader, treeSteps, WORKGROUP_SIZE, write } from './wgsl.js';

/** Rows at least this long (with the axis innermost) get a workgroup each. */
const ROW_THRESHOLD = 128;

function finish(log: boolean): string {
  return log ? 'x - row_max - log_f(total)' : 'exp_f(x - row_max) / total';
}

function lineShader(log: boolean) {
  return shader(`softmax:${log}:line`, [read('xs', 'f32'), write('ys', 'f32')], () => `${SCALAR_MATH}
${entryPoint(`
  if (gid >= pu(0u)) { return; }
  let size = pu(1u);
  let inner = pu(2u);
  let o = gid / inner;
  let start = o * size * inner + (gid - o * inner);
  var row_max = -f_inf();
  for (var k = 0u; k < size; k++) { row_max = max_nan(row_max, xs[start + k * inner]); }
  var total = 0.0;
  for (var k = 0u; k < size; k++) { total += exp_f(xs[start + k * inner] - row_max); }
  for (var k = 0u; k < size; k++) {
    let x = xs[start + k * inner];
    ys[start + k * inner] = ${finish(log)};
  }`)}`);
}

function rowShader(log: boolean) {
  return shader(`softmax:${log}:row`, [read('xs', 'f32'), write('ys', 'f32')], () => `${SCALAR_MATH}
var<workgroup> scratch: array<f32, ${REDUCTION_SIZE}>;
${entryPoint(`
  if (wg >= pu(0u)) { return; }
  let size = pu(1u);
  let start = wg * size;
  var m = -f_inf();
  for (var k = lid; k < size; k += ${REDUCTION_SIZE}u) { m = max_nan(m, xs[start + k]); }
  scratch[lid] = m;
  ${treeSteps((other) => `scratch[lid] = max_nan(scratch[lid], scratch[${other}]);`)}
  let row_max = scratch[0];
  workgroupBarrier();
  var s = 0.0;
  for (var k = lid; k < size; k += ${REDUCTION_SIZE}u) { s += exp_f(xs[start + k] - row_max); }
  scratch[lid] = s;
  ${treeSteps((other) => `scratch[lid] = scratch[lid] + scratch[${other}];`)}
  let total = scratch[0];
  for (var k = lid; k < size; k += ${REDUCTION_SIZE}u) {
    let x = xs[start + k];
    ys[start + k] = ${finish(log)};
  }`, REDUCTION_SIZE)}`);
}

/** `exp(x − max) / Σ exp(x − max)`, or with `log` `x − max − log Σ exp(x − max)`, along `attrs.axis`. */
export function softmaxKernel(rt: GpuRuntime): Kernel<'softmax', GpuHandle> {
  return ([x], { axis, log }, out) => {
    const [outer, size, inner] = aroundAxis(x.shape, axis);
    const result = rt.output(outer * size * inner);
    if (inner === 1 && size >= ROW_THRESHOLD) {
      rt.run(rowShader(log), [x.handle, result], [outer, size, 1], outer);
    } else {
      const lines = outer * inner;
      rt.run(lineShader(log), [x.handle, result], [lines, size, inner], groupsFor(lines, WORKGROUP_SIZE));
    }
    return result;
  };
}
