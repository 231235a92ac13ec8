// What every WGSL kernel shares: the uniform block of parameters (read as 32-bit words), the
// binding declarations, the mapping from tensor dtypes to WGSL types and the linear
// workgroup index that lets dispatches of more than 65,535 workgroups run as 2-D grids.
import type { DType } from '../../dtype.js';

/** How a kernel uses a storage binding. */
export type BindingKind = 'read' | 'write';

/** One storage binding of a shader: its WGSL name, access and element type. */
export interface Binding {
  readonly name: string;
  readonly kind: BindingKind;
  readonly type: string;
}

/** A compiled-once shader: its cache key, its bindings (after the parameter block) and its source. */
export interface ShaderSpec {
  readonly key: string;
  readonly bindings: readonly Binding[];
  readonly source: string;
}

/** Parameter words per dispatch (one 512-byte uniform slot). */
export const PARAM_WORDS = 128;
/** Threads per workgroup of the one-dimensional kernels. */
export const WORKGROUP_SIZE = 256;
/**
 * Threads per workgroup of the tree reductions (reduce, argReduce, softmax rows). Small
 * groups need few barriers, which SwiftShader (and other CPU implementations) pay dearly for.
 */
export const REDUCTION_SIZE = 64;

/**
 * The steps of a tree reduction over `REDUCTION_SIZE` slots of workgroup memory, unrolled:
 * `step(other)` is WGSL that folds slot `other` into slot `lid`. Ends with a barrier, so the
 * result in slot 0 is visible to every thread.
 */
export function treeSteps(step: (other: string) => string): string {
  const lines: string[] = [];
  for (let half = REDUCTION_SIZE / 2; half >= 1; half /= 2) {
    lines.push(`workgroupBarrier();\n  if (lid < ${half}u) { ${step(`lid + ${half}u`)} }`);
  }
  lines.push('workgroupBarrier();');
  return lines.join('\n  ');
}

/** The WGSL element type tensors of each dtype are stored as (bool is one u32 per element). */
export const WGSL_TYPE: Record<DType, 'f32' | 'i32' | 'u32'> = { float32: 'f32', int32: 'i32', bool: 'u32' };

/**
 * Declarations every shader starts with: the parameter block at binding 0 with word
 * accessors (`p` as i32, `pu` as u32, `pf` as f32), then the storage bindings in order.
 */
function declarations(bindings: readonly Binding[]): string {
  const lines = [
    'struct Params { w: array<vec4<i32>, 32> }',
    '@group(0) @binding(0) var<uniform> params: Params;',
    'fn p(i: u32) -> i32 { return params.w[i / 4u][i % 4u]; }',
    'fn pu(i: u32) -> u32 { return bitcast<u32>(p(i)); }',
    'fn pf(i: u32) -> f32 { return bitcast<f32>(p(i)); }',
  ];
  bindings.forEach((b, i) => {
    const access = b.kind === 'read' ? 'read' : 'read_write';
    lines.push(`@group(0) @binding(${i + 1}) var<storage, ${access}> ${b.name}: array<${b.type}>;`);
  });
  return lines.join('\n');
}

/**
 * The standard entry point: `gid` is this thread's global index over a linear grid of
 * `WORKGROUP_SIZE`-thread workgroups laid out as a 2-D dispatch; `wg` the workgroup's index.
 */
export function entryPoint(body: string, workgroupSize = WORKGROUP_SIZE): string {
  return `
@compute @workgroup_size(${workgroupSize})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let wg = wid.y * nwg.x + wid.x;
  let gid = wg * ${workgroupSize}u + lid;
${body}
}`;
}

const shaders = new Map<string, ShaderSpec>();

/** Builds (once per key) a shader from its bindings and the code after the declarations. */
export function shader(key: string, bindings: readonly Binding[], code: () => string): ShaderSpec {
  let spec = shaders.get(key);
  if (!spec) {
    spec = { key, bindings, source: `${declarations(bindings)}\n${code()}` };
    shaders.set(key, spec);
  }
  return spec;
}

/** Shorthands for binding lists. */
export const read = (name: string, type: string): Binding => ({ name, kind: 'read', type });
export const write = (name: string, type: string): Binding => ({ name, kind: 'write', type });

/** Ranks up to this get their index arithmetic unrolled, in shaders specialised per rank. */
const MAX_UNROLLED_RANK = 4;

/**
 * How a shader sees a walk's rank: as a constant (unrolled loops, one shader per rank) up to
 * MAX_UNROLLED_RANK, else as the runtime value `rank`. `at(base, k)` is the WGSL word index
 * of the k-th block of `rank` words after `base`; `key` goes into the shader's cache key.
 */
export function rankOf(rank: number): { rank: number | 'rank'; key: string; at(base: number, k: number): string } {
  if (rank <= MAX_UNROLLED_RANK) return { rank, key: String(rank), at: (base, k) => `${base + k * rank}u` };
  return { rank: 'rank', key: 'n', at: (base, k) => `${base}u + ${k}u * rank` };
}

/**
 * WGSL that turns a flat row-major index into an offset through strides: the dimensions'
 * sizes start at parameter word `shapeAt`, each operand's strides at the words listed.
 * Declares `off0`, `off1`, ... as i32. A constant rank unrolls the loop.
 */
export function stridedOffsets(index: string, rank: number | string, shapeAt: string, strideAts: readonly string[], bases: readonly string[] = []): string {
  const decls = strideAts.map((_, k) => `var off${k}: i32 = ${bases[k] ?? '0'};`).join('\n  ');
  if (typeof rank === 'number') {
    const steps: string[] = [];
    for (let d = rank - 1; d >= 0; d--) {
      // The outermost coordinate is what remains: no division needed.
      const coordinate = d === 0 ? `let c${d} = i32(rest);` : `let c${d} = i32(rest % pu(${shapeAt} + ${d}u));\n    rest = rest / pu(${shapeAt} + ${d}u);`;
      steps.push(`${coordinate}\n    ${strideAts.map((at, k) => `off${k} += c${d} * p(${at} + ${d}u);`).join(' ')}`);
    }
    return `
  ${decls}
  {
    var rest = ${index};
    ${steps.join('\n    ')}
  }`;
  }
  const adds = strideAts.map((at, k) => `off${k} += c * p(${at} + du);`).join('\n      ');
  return `
  ${decls}
  {
    var rest = ${index};
    for (var d = i32(${rank}) - 1; d >= 0; d--) {
      let du = u32(d);
      let size = pu(${shapeAt} + du);
      let c = i32(rest % size);
      rest = rest / size;
      ${adds}
    }
  }`;
}

const bitsView = new DataView(new ArrayBuffer(4));

/** The bits of a float32 as an int32 parameter word (read back in WGSL with `pf`). */
export function floatBits(value: number): number {
  bitsView.setFloat32(0, value, true);
  return bitsView.getInt32(0, true);
}

/** The status binding that index-checking kernels declare last (see GpuRuntime.statusBuffer). */
export const statusBinding: Binding = { name: 'status', kind: 'write', type: 'atomic<u32>' };

/** WGSL that records the first bad index a kernel meets; the next readback throws it. */
export const REPORT_BAD_INDEX = /* wgsl */ `
fn report_bad_index(code: u32, value: i32, axis: u32, size: u32) {
  if (atomicCompareExchangeWeak(&status[0], 0u, code).exchanged) {
    atomicStore(&status[1], bitcast<u32>(value));
    atomicStore(&status[2], axis);
    atomicStore(&status[3], size);
  }
}`;
