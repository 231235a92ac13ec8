// Batched matrix products with broadcast batch dimensions on the GEMM skeleton. Operands
// whose contiguous dimension is a multiple of 4 are bound as vec4 arrays and loaded four
// elements at a time; results are stored as vec4 when N is a multiple of 4.
import type { Kernel } from '../../kernels.js';
import { matmulGeometry } from '../../shape.js';
import type { GpuHandle } from './buffer-pool.js';
import { gemmGroups, gemmShader, SCALAR_TILE_A, SCALAR_TILE_B, TILE_M, TILE_N } from './gemm.wgsl.js';
import { broadcastStridesFor, collapse } from './layout.js';
import type { GpuRuntime } from './runtime.js';
import { read, WGSL_TYPE, write } from './wgsl.js';

interface Variant {
  transposeA: boolean;
  transposeB: boolean;
  vecA: boolean;
  vecB: boolean;
  vecOut: boolean;
  type: 'f32' | 'i32';
}

// Element (m, k) of op(A) and (k, n) of op(B), from their offsets a_base / b_base.
function loadA(v: Variant): string {
  const at = v.transposeA ? 'a_base + k * dim_m + m' : 'a_base + m * dim_k + k';
  return `fn load_a(m: u32, k: u32) -> ${v.type} { return a[${at}]; }`;
}

function loadB(v: Variant): string {
  const at = v.transposeB ? 'b_base + n * dim_k + k' : 'b_base + k * dim_n + n';
  return `fn load_b(k: u32, n: u32) -> ${v.type} { return b[${at}]; }`;
}

/**
 * Statements filling one operand's tile with one vec4 per thread: 64×16 elements are 256
 * vec4s. The vector runs along the operand's contiguous dimension (K, or the operand's own
 * M or N), a multiple of 4, so it is either entirely inside the matrix or entirely outside.
 */
function vectorTile(operand: 'a' | 'b', alongK: boolean, type: string): string {
  const [o, origin, extent, width] = operand === 'a' ? ['m', 'row0', 'dim_m', TILE_M] : ['n', 'col0', 'dim_n', TILE_N];
  const [setup, address, slot] = alongK
    ? [`let ${o} = lid / 4u;\n    let k = (lid % 4u) * 4u;`, `(${origin} + ${o}) * dim_k + k0 + k`, `(k + j) * ${width}u + ${o}`]
    : [`let k = lid / 16u;\n    let ${o} = (lid % 16u) * 4u;`, `(k0 + k) * ${extent} + ${origin} + ${o}`, `k * ${width}u + ${o} + j`];
  return `{
    ${setup}
    var x = vec4<${type}>();
    if (${origin} + ${o} < ${extent} && k0 + k < dim_k) { x = ${operand}[(${operand}_base + ${address}) / 4u]; }
    for (var j = 0u; j < 4u; j++) { tile_${operand}[${slot}] = x[j]; }
  }`;
}

// Operands with vector loads fill their tiles with vectorTile, the others through their
// scalar load functions.
function vectorReads(v: Variant): string {
  return `${v.vecA ? '' : loadA(v)}
${v.vecB ? '' : loadB(v)}
fn load_tiles(k0: u32, row0: u32, col0: u32, lid: u32) {
  ${v.vecA ? vectorTile('a', !v.transposeA, v.type) : SCALAR_TILE_A}
  ${v.vecB ? vectorTile('b', v.transposeB, v.type) : SCALAR_TILE_B}
}`;
}

function matmulShader(v: Variant) {
  const t = v.type;
  const key = `matmul:${t}:${+v.transposeA}${+v.transposeB}:${+v.vecA}${+v.vecB}${+v.vecOut}`;
  const vectors = v.vecA || v.vecB;
  const store = v.vecOut
    ? `if (col < dim_n) { out[(out_base + row * dim_n + col) / 4u] = x; }`
    : `for (var j = 0u; j < 4u; j++) { if (col + j < dim_n) { out[out_base + row * dim_n + col + j] = x[j]; } }`;
  const code = `
var<private> a_base: u32;
var<private> b_base: u32;
var<private> out_base: u32;
// Batch offsets: words 6.. hold the batch rank, the batch shape, and a's and b's batch strides (in elements).
fn setup(batch: u32) {
  let rank = pu(6u);
  var rest = batch;
  var oa = 0u;
  var ob = 0u;
  for (var d = i32(rank) - 1; d >= 0; d--) {
    let du = u32(d);
    let size = pu(7u + du);
    let c = rest % size;
    rest = rest / size;
    oa += c * pu(7u + rank + du);
    ob += c * pu(7u + 2u * rank + du);
  }
  a_base = oa;
  b_base = ob;
  out_base = batch * dim_m * dim_n;
}
fn store(row: u32, col: u32, x: vec4<${t}>) { ${store} }
${vectors ? vectorReads(v) : `${loadA(v)}\n${loadB(v)}`}`;
  return gemmShader(key, [read('a', v.vecA ? `vec4<${t}>` : t), read('b', v.vecB ? `vec4<${t}>` : t), write('out', v.vecOut ? `vec4<${t}>` : t)], {
    type: t,
    code,
    customLoads: vectors,
  });
}

/** `out[..., M, N] = op(a)[..., M, K] @ op(b)[..., K, N]`, op transposing the last two axes when asked. */
export function matmulKernel(rt: GpuRuntime): Kernel<'matmul', GpuHandle> {
  return ([a, b], { transposeA, transposeB }, out) => {
    const { m, k, n, batchA, batchB, batch, batches } = matmulGeometry(a.shape, b.shape, transposeA, transposeB);
    const result = rt.output(batches * m * n);
    if (batches * m * n === 0) return result;
    const walk = collapse(batch, [broadcastStridesFor(batchA, batch).map((s) => s * m * k), broadcastStridesFor(batchB, batch).map((s) => s * k * n)]);
    const type = WGSL_TYPE[out.dtype] === 'i32' ? 'i32' : 'f32';
    const variant: Variant = {
      transposeA,
      transposeB,
      vecA: (transposeA ? m : k) % 4 === 0,
      vecB: (transposeB ? k : n) % 4 === 0,
      vecOut: n % 4 === 0,
      type,
    };
    const { tilesN, tilesM, groups } = gemmGroups(m, n, batches);
    const params = [m, n, k, tilesN, tilesM, batches, walk.shape.length, ...walk.shape, ...walk.strides[0], ...walk.strides[1]];
    rt.run(matmulShader(variant), [a.handle, b.handle, result], params, groups);
    return result;
  };
}
