// What the three WGSL attention kernels share: the parameter block, the sizing of the tiles
// a workgroup stages in workgroup memory, and the mask lookup. Shaders are specialised per
// (E, Ev) so that rows of q, k, v and the per-thread accumulators live in fixed-size arrays.
import { opError } from '../../errors.js';
import type { AttentionAttrs } from '../../kernels.js';
import type { AttentionGeometry } from '../attention-geometry.js';
import { floatBits } from './wgsl.js';

/** Threads per workgroup: each owns one output row (a query row, or a key row for dK/dV). */
export const ATTENTION_GROUP = 64;

/** Floats of workgroup memory a tile may use: 16 KiB, WebGPU's guaranteed minimum. */
const WORKGROUP_FLOATS = 4096;

/**
 * Rows per tile when each row stages `width` floats, at most 32; an error where even one
 * row does not fit (E + Ev beyond about 4,000 features).
 */
export function tileRows(width: number, g: AttentionGeometry): number {
  const rows = Math.min(32, Math.floor(WORKGROUP_FLOATS / Math.max(1, width)));
  if (rows < 1) {
    throw opError('scaledDotProductAttention', `on webgpu, E + Ev must be below ${WORKGROUP_FLOATS - 2} (one row of a tile in 16 KiB of workgroup memory), got E = ${g.depth}, Ev = ${g.valueDepth}`);
  }
  return rows;
}

/** The parameter words: sizes, scale, causal flag, mask strides and workgroups per batch. */
export function attentionParams(g: AttentionGeometry, { scale, causal }: AttentionAttrs, rowsPerBatch: number): number[] {
  const m = g.mask ?? { batch: 0, row: 0, col: 0 };
  const groups = Math.ceil(rowsPerBatch / ATTENTION_GROUP);
  return [g.batch, g.queries, g.keys, g.depth, g.valueDepth, floatBits(scale), causal ? 1 : 0, m.batch, m.row, m.col, groups];
}

/** WGSL constants and parameter reads every attention shader starts its body with. */
export function attentionPrelude(g: AttentionGeometry, tile: number): string {
  return `
const E = ${g.depth}u;
const EV = ${g.valueDepth}u;
const TILE = ${tile}u;
const GROUP = ${ATTENTION_GROUP}u;
// Private rows are at least one element long (WGSL has no empty arrays).
const E1 = ${Math.max(1, g.depth)}u;
const EV1 = ${Math.max(1, g.valueDepth)}u;`;
}

/** WGSL reading the shared parameters inside the entry point. */
export const ATTENTION_PARAMS = `
  let B = pu(0u);
  let L = pu(1u);
  let S = pu(2u);
  let scale = pf(5u);
  let causal = pu(6u) == 1u;
  let groups = pu(10u);
  // Whole workgroups past the grid leave together (a uniform branch, before any barrier).
  if (wg >= B * groups) { return; }
  let b = wg / groups;
  let first = (wg % groups) * GROUP;`;

/** Workgroup arrays for a tile of K rows and a tile of V rows (the query-row passes). */
export function keyValueTiles(g: AttentionGeometry, tile: number): string {
  return `
var<workgroup> kt: array<f32, ${tile * Math.max(1, g.depth)}>;
var<workgroup> vt: array<f32, ${tile * Math.max(1, g.valueDepth)}>;`;
}

/** WGSL staging keys and values `j0 .. j0 + TILE` into `kt` and `vt`, then a barrier. */
export const STAGE_KEY_VALUE_TILE = `
    for (var t = lid; t < TILE * E; t += GROUP) {
      let j = j0 + t / E;
      if (j < S) { kt[t] = ks[(b * S + j) * E + t % E]; }
    }
    for (var t = lid; t < TILE * EV; t += GROUP) {
      let j = j0 + t / EV;
      if (j < S) { vt[t] = vs[(b * S + j) * EV + t % EV]; }
    }
    workgroupBarrier();`;

/** `mask_at(b, i, j)`: the additive mask through its strides, or 0 in the shader without one. */
export function maskFunction(hasMask: boolean): string {
  return hasMask
    ? 'fn mask_at(b: u32, i: u32, j: u32) -> f32 { return mask[b * pu(7u) + i * pu(8u) + j * pu(9u)]; }'
    : 'fn mask_at(b: u32, i: u32, j: u32) -> f32 { return 0.0; }';
}
