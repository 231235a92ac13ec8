// The tiled matrix-product skeleton behind matmul and both convolutions (implicit GEMM).
// A workgroup of 16×16 threads computes a 64×64 output tile; each thread holds a 4×4 block
// of accumulators in registers, and the operands pass through workgroup memory in slices of
// 16 along K. The kernels supply how operand elements are read (`load_a`, `load_b`, or a
// whole `load_tiles` with vector loads), where a batch or group starts (`setup`) and how
// results are written (`store`).
import { entryPoint, type Binding, shader, type ShaderSpec } from './wgsl.js';

/** Output rows and columns per workgroup, and the K slice per step. */
export const TILE_M = 64;
export const TILE_N = 64;
export const TILE_K = 16;
/** Parameter words every GEMM starts with: M, N, K, column tiles, row tiles, batches. */
export const GEMM_WORDS = 6;

/** What a GEMM kernel plugs into the skeleton. */
export interface GemmParts {
  /** `f32` or `i32`. */
  readonly type: string;
  /**
   * WGSL declaring `fn setup(batch: u32)`, `fn store(row: u32, col: u32, v: vec4<T>)` (four
   * columns from col; bounds are the store's to check) and either `fn load_a(m, k) -> T` and
   * `fn load_b(k, n) -> T` (elements in range) or `fn load_tiles(k0, row0, col0, lid)`.
   */
  readonly code: string;
  /** Whether `code` provides `load_tiles` itself. */
  readonly customLoads: boolean;
}

/** Statements filling tile_a through `load_a`, four elements per thread, zero outside. */
export const SCALAR_TILE_A = `for (var j = 0u; j < 4u; j++) {
    let e = lid + j * 256u;
    let m = e / ${TILE_K}u;
    let k = e % ${TILE_K}u;
    var x = zero;
    if (row0 + m < dim_m && k0 + k < dim_k) { x = load_a(row0 + m, k0 + k); }
    tile_a[k * ${TILE_M}u + m] = x;
  }`;

/** Statements filling tile_b through `load_b`, four elements per thread, zero outside. */
export const SCALAR_TILE_B = `for (var j = 0u; j < 4u; j++) {
    let e = lid + j * 256u;
    let k = e / ${TILE_N}u;
    let n = e % ${TILE_N}u;
    var x = zero;
    if (k0 + k < dim_k && col0 + n < dim_n) { x = load_b(k0 + k, col0 + n); }
    tile_b[k * ${TILE_N}u + n] = x;
  }`;

const SCALAR_LOADS = `
fn load_tiles(k0: u32, row0: u32, col0: u32, lid: u32) {
  ${SCALAR_TILE_A}
  ${SCALAR_TILE_B}
}`;

/** Builds (once per key) a GEMM shader from a kernel's parts. */
export function gemmShader(key: string, bindings: readonly Binding[], parts: GemmParts): ShaderSpec {
  const t = parts.type;
  return shader(key, bindings, () => `
var<workgroup> tile_a: array<${t}, ${TILE_K * TILE_M}>;
var<workgroup> tile_b: array<${t}, ${TILE_K * TILE_N}>;
var<private> dim_m: u32;
var<private> dim_n: u32;
var<private> dim_k: u32;
const zero = ${t}(0);
${parts.code}
${parts.customLoads ? '' : SCALAR_LOADS}
${entryPoint(`
  dim_m = pu(0u);
  dim_n = pu(1u);
  dim_k = pu(2u);
  let tiles_n = pu(3u);
  let tiles_m = pu(4u);
  if (wg >= tiles_n * tiles_m * pu(5u)) { return; }
  let tn = wg % tiles_n;
  let tm = (wg / tiles_n) % tiles_m;
  setup(wg / (tiles_n * tiles_m));
  let row0 = tm * ${TILE_M}u;
  let col0 = tn * ${TILE_N}u;
  let tx = lid % 16u;
  let ty = lid / 16u;
  var acc: array<vec4<${t}>, 4>;
  // The loop bound is read from the uniform block so that the barriers stay in uniform control flow.
  for (var k0 = 0u; k0 < pu(2u); k0 += ${TILE_K}u) {
    load_tiles(k0, row0, col0, lid);
    workgroupBarrier();
    for (var k = 0u; k < ${TILE_K}u; k++) {
      let bn = k * ${TILE_N}u + tx * 4u;
      let b = vec4<${t}>(tile_b[bn], tile_b[bn + 1u], tile_b[bn + 2u], tile_b[bn + 3u]);
      let am = k * ${TILE_M}u + ty * 4u;
      acc[0] += tile_a[am] * b;
      acc[1] += tile_a[am + 1u] * b;
      acc[2] += tile_a[am + 2u] * b;
      acc[3] += tile_a[am + 3u] * b;
    }
    workgroupBarrier();
  }
  for (var i = 0u; i < 4u; i++) {
    let row = row0 + ty * 4u + i;
    if (row < dim_m) { store(row, col0 + tx * 4u, acc[i]); }
  }`)}`);
}

/** Workgroups for an `m × n` product repeated `batches` times. */
export function gemmGroups(m: number, n: number, batches: number): { tilesN: number; tilesM: number; groups: number } {
  const tilesN = Math.ceil(n / TILE_N);
  const tilesM = Math.ceil(m / TILE_M);
  return { tilesN, tilesM, groups: tilesN * tilesM * batches };
}
