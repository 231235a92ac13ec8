// Sum, product, max and min over a set of axes. Small reductions run one thread per output;
// large ones run a tree reduction in workgroup memory, one workgroup per (output, chunk),
// and a second pass combines the chunks' partial results.
import type { Kernel, ReduceOp } from '../../kernels.js';
import { sizeOf, stridesOf } from '../../shape.js';
import type { GpuHandle } from './buffer-pool.js';
import { collapse, groupsFor } from './layout.js';
import type { GpuRuntime } from './runtime.js';
import { SCALAR_MATH } from './scalar-math.wgsl.js';
import { entryPoint, read, REDUCTION_SIZE, shader, stridedOffsets, treeSteps, WGSL_TYPE, WORKGROUP_SIZE, write } from './wgsl.js';

/** Elements one workgroup reduces in a pass (64 per thread). */
const CHUNK = REDUCTION_SIZE * 64;

type WgslType = 'f32' | 'i32' | 'u32';

/** The value a reduction starts from, per WGSL type (bool max is `any`, bool min is `all`). */
function identity(op: ReduceOp, type: WgslType): string {
  const table: Record<ReduceOp, Record<WgslType, string>> = {
    sum: { f32: '0.0', i32: '0', u32: '0u' },
    prod: { f32: '1.0', i32: '1', u32: '1u' },
    max: { f32: '-f_inf()', i32: 'I32_MIN', u32: '0u' },
    min: { f32: 'f_inf()', i32: 'I32_MAX', u32: '1u' },
  };
  return table[op][type];
}

/** The accumulation step `combine(a, b)`; int32 sums and products wrap. */
function combine(op: ReduceOp, type: WgslType): string {
  switch (op) {
    case 'sum':
      return 'a + b';
    case 'prod':
      return 'a * b';
    case 'max':
      return type === 'f32' ? 'max_nan(a, b)' : 'max(a, b)';
    case 'min':
      return type === 'f32' ? 'min_nan(a, b)' : 'min(a, b)';
  }
}

/** A set of dimensions (sizes and strides) a reduction walks. */
interface Dims {
  shape: number[];
  strides: number[];
}

// Parameter words: [outputs, reduced count, kept rank, reduced rank, chunk, chunks,
// kept shape, kept strides, reduced shape, reduced strides]. Ranks up to 4 are unrolled.
function reduceShader(op: ReduceOp, type: WgslType, grouped: boolean, keptRank: number, reducedRank: number) {
  const unrolled = keptRank <= 4 && reducedRank <= 4;
  const [kr, rr] = unrolled ? [keptRank, reducedRank] : ['kr', 'rr'];
  const at = (expression: string, value: number) => (unrolled ? `${value}u` : expression);
  const ranks = unrolled ? `${keptRank}.${reducedRank}` : 'n';
  const header = `${SCALAR_MATH}
fn combine(a: ${type}, b: ${type}) -> ${type} { return ${combine(op, type)}; }
fn reduced_offset(r: u32) -> i32 {
  let kr = pu(2u);
  let rr = pu(3u);
  ${stridedOffsets('r', rr, at('6u + 2u * kr', 6 + 2 * keptRank), [at('6u + 2u * kr + rr', 6 + 2 * keptRank + reducedRank)])}
  return off0;
}
fn kept_offset(o: u32) -> i32 {
  let kr = pu(2u);
  ${stridedOffsets('o', kr, '6u', [at('6u + kr', 6 + keptRank)])}
  return off0;
}`;
  if (!grouped) {
    return shader(`reduce:${op}:${type}:thread:${ranks}`, [read('xs', type), write('ys', type)], () => `${header}
${entryPoint(`
  if (gid >= pu(0u)) { return; }
  let base = kept_offset(gid);
  var acc: ${type} = ${identity(op, type)};
  let count = pu(1u);
  for (var r = 0u; r < count; r++) { acc = combine(acc, xs[base + reduced_offset(r)]); }
  ys[gid] = acc;`)}`);
  }
  return shader(`reduce:${op}:${type}:group:${ranks}`, [read('xs', type), write('ys', type)], () => `${header}
var<workgroup> scratch: array<${type}, ${REDUCTION_SIZE}>;
${entryPoint(`
  let chunks = pu(5u);
  if (wg >= pu(0u) * chunks) { return; }
  let o = wg / chunks;
  let start = (wg - o * chunks) * pu(4u);
  let end = min(start + pu(4u), pu(1u));
  let base = kept_offset(o);
  var acc: ${type} = ${identity(op, type)};
  for (var r = start + lid; r < end; r += ${REDUCTION_SIZE}u) { acc = combine(acc, xs[base + reduced_offset(r)]); }
  scratch[lid] = acc;
  ${treeSteps((other) => `scratch[lid] = combine(scratch[lid], scratch[${other}]);`)}
  if (lid == 0u) { ys[wg] = scratch[0]; }`, REDUCTION_SIZE)}`);
}

/**
 * Reduces `input` (read through `kept` and `reduced` dimensions) into a new buffer of
 * `outputs` elements; used by the reduce kernel and by its own second pass.
 */
function reduceDims(rt: GpuRuntime, op: ReduceOp, type: WgslType, input: GpuHandle, kept: Dims, reduced: Dims): GpuHandle {
  const outputs = sizeOf(kept.shape);
  const count = sizeOf(reduced.shape);
  const grouped = count >= 2048 || (count >= 64 && outputs <= 1024);
  const chunks = grouped ? Math.ceil(count / CHUNK) : 1;
  const params = [outputs, count, kept.shape.length, reduced.shape.length, CHUNK, chunks, ...kept.shape, ...kept.strides, ...reduced.shape, ...reduced.strides];
  const spec = reduceShader(op, type, grouped, kept.shape.length, reduced.shape.length);
  if (!grouped) {
    const result = rt.output(outputs);
    rt.run(spec, [input, result], params, groupsFor(outputs, WORKGROUP_SIZE));
    return result;
  }
  const partial = rt.output(outputs * chunks);
  rt.run(spec, [input, partial], params, outputs * chunks);
  if (chunks === 1) return partial;
  const result = reduceDims(rt, op, type, partial, { shape: [outputs], strides: [chunks] }, { shape: [chunks], strides: [1] });
  rt.pool.release(partial);
  return result;
}

/** Reduces `x` over `attrs.axes` (sorted, non-negative); the output holds the kept axes in order. */
export function reduceKernel(rt: GpuRuntime): Kernel<'reduce', GpuHandle> {
  return ([x], { op, axes }, out) => {
    const strides = stridesOf(x.shape);
    const keptAxes = x.shape.map((_, d) => d).filter((d) => !axes.includes(d));
    const kept = collapse(keptAxes.map((d) => x.shape[d]), [keptAxes.map((d) => strides[d])]);
    const reduced = collapse(axes.map((d) => x.shape[d]), [axes.map((d) => strides[d])]);
    const type = WGSL_TYPE[x.dtype];
    if (sizeOf(out.shape) === 0) return rt.output(0);
    return reduceDims(rt, op, type, x.handle, { shape: kept.shape, strides: kept.strides[0] }, { shape: reduced.shape, strides: reduced.strides[0] });
  };
}
