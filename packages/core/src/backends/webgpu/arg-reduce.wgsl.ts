// Index of the first maximum or minimum along one axis, NaN counting as the extreme (the
// first NaN wins), as torch.argmax/argmin. Short axes run one thread per output; long ones
// one workgroup per output, whose threads scan interleaved elements and then combine their
// candidates in a tree that prefers the lower index on ties.
import type { ArgReduceOp, Kernel } from '../../kernels.js';
import type { GpuHandle } from './buffer-pool.js';
import { aroundAxis, groupsFor } from './layout.js';
import type { GpuRuntime } from './runtime.js';
import { SCALAR_MATH } from './scalar-math.wgsl.js';
import { entryPoint, read, REDUCTION_SIZE, shader, treeSteps, WGSL_TYPE, WORKGROUP_SIZE, write } from './wgsl.js';

/** Axes at least this long get a workgroup per output. */
const GROUP_THRESHOLD = 1024;

function argShader(op: ArgReduceOp, type: string, grouped: boolean) {
  const float = type === 'f32';
  const cmp = op === 'argmax' ? '>' : '<';
  // `better(v, k, best, bestK)`: v at index k beats the current best at bestK.
  const helpers = `${SCALAR_MATH}
fn nan_of(v: ${type}) -> bool { return ${float ? 'is_nan(v)' : 'false'}; }
fn better(v: ${type}, k: u32, best: ${type}, best_k: u32) -> bool {
  if (nan_of(best)) { return nan_of(v) && k < best_k; }
  if (nan_of(v)) { return true; }
  return v ${cmp} best || (v == best && k < best_k);
}`;
  if (!grouped) {
    return shader(`argReduce:${op}:${type}:thread`, [read('xs', type), write('ys', 'i32')], () => `${helpers}
${entryPoint(`
  let size = pu(1u);
  let inner = pu(2u);
  if (gid >= pu(0u)) { return; }
  let o = gid / inner;
  let start = o * size * inner + (gid - o * inner);
  var best = xs[start];
  var best_k = 0u;
  for (var k = 1u; k < size && !nan_of(best); k++) {
    let v = xs[start + k * inner];
    if (better(v, k, best, best_k)) { best = v; best_k = k; }
  }
  ys[gid] = i32(best_k);`)}`);
  }
  return shader(`argReduce:${op}:${type}:group`, [read('xs', type), write('ys', 'i32')], () => `${helpers}
var<workgroup> values: array<${type}, ${REDUCTION_SIZE}>;
var<workgroup> indices: array<u32, ${REDUCTION_SIZE}>;
${entryPoint(`
  let size = pu(1u);
  let inner = pu(2u);
  if (wg >= pu(0u)) { return; }
  let o = wg / inner;
  let start = o * size * inner + (wg - o * inner);
  var best = xs[start];
  var best_k = 0u;
  for (var k = lid; k < size; k += ${REDUCTION_SIZE}u) {
    let v = xs[start + k * inner];
    if (k == lid || better(v, k, best, best_k)) { best = v; best_k = k; }
  }
  values[lid] = best;
  indices[lid] = select(best_k, 0xffffffffu, lid >= size);
  ${treeSteps(
    (other) => `if (indices[${other}] != 0xffffffffu && (indices[lid] == 0xffffffffu || better(values[${other}], indices[${other}], values[lid], indices[lid]))) {
      values[lid] = values[${other}];
      indices[lid] = indices[${other}];
    }`,
  )}
  if (lid == 0u) { ys[wg] = i32(indices[0]); }`, REDUCTION_SIZE)}`);
}

/** int32 index of the first extreme along `attrs.axis`; the axis is never empty here. */
export function argReduceKernel(rt: GpuRuntime): Kernel<'argReduce', GpuHandle> {
  return ([x], { op, axis }, out) => {
    const [outer, size, inner] = aroundAxis(x.shape, axis);
    const outputs = outer * inner;
    const grouped = size >= GROUP_THRESHOLD;
    const result = rt.output(outputs);
    rt.run(argShader(op, WGSL_TYPE[x.dtype], grouped), [x.handle, result], [outputs, size, inner], grouped ? outputs : groupsFor(outputs, WORKGROUP_SIZE));
    return result;
  };
}
