// Plans the row walks of assembly/rows.ts: an iteration over `shape` in which each operand
// reads with its own strides is collapsed (size-1 dims dropped, adjacent dims merged where
// every operand steps through them contiguously), and its innermost dimension becomes the
// row that kernels process with SIMD.
import type { RowArgs, WasmRuntime } from './runtime.js';

/** A collapsed iteration: rows of `n` elements, each operand's inner stride and outer walk. */
export interface RowPlan {
  /** Length of a row (the innermost collapsed dimension; 1 for a scalar). */
  readonly n: number;
  /** Each operand's stride along the row. */
  readonly inner: number[];
  /** Number of rows (0 when the iteration is empty). */
  readonly rows: number;
  /** The outer dimensions. */
  readonly shape: number[];
  /** Each operand's strides over the outer dimensions. */
  readonly strides: number[][];
  /** Each operand's starting element offset. */
  readonly offsets: number[];
}

/** Collapses an iteration over `shape` where operand j reads element i at Σ i_d·strides[j][d]. */
export function planRows(shape: readonly number[], strides: readonly (readonly number[])[], offsets?: readonly number[]): RowPlan {
  const start = offsets ? [...offsets] : strides.map(() => 0);
  if (shape.some((d) => d === 0)) return { n: 0, inner: strides.map(() => 0), rows: 0, shape: [], strides: strides.map(() => []), offsets: start };
  const dims: number[] = [];
  const steps: number[][] = strides.map(() => []);
  for (let d = 0; d < shape.length; d++) {
    if (shape[d] === 1) continue;
    const last = dims.length - 1;
    if (last >= 0 && strides.every((s, j) => steps[j][last] === s[d] * shape[d])) {
      dims[last] *= shape[d];
      strides.forEach((s, j) => (steps[j][last] = s[d]));
    } else {
      dims.push(shape[d]);
      strides.forEach((s, j) => steps[j].push(s[d]));
    }
  }
  if (dims.length === 0) return { n: 1, inner: strides.map(() => 0), rows: 1, shape: [], strides: strides.map(() => []), offsets: start };
  const n = dims.pop() as number;
  const inner = steps.map((s) => s.pop() as number);
  const rows = dims.reduce((p, d) => p * d, 1);
  return { n, inner, rows, shape: dims, strides: steps, offsets: start };
}

/** How many int32s `writeRows` writes for a plan. */
export function rowArgInts(plan: RowPlan): number {
  return plan.shape.length * (plan.strides.length + 2) + plan.offsets.length;
}

/** Writes a plan's outer walk into the argument area and returns the kernels' trailing arguments. */
export function writeRows(rt: WasmRuntime, plan: RowPlan): RowArgs {
  const ndim = plan.shape.length;
  return [
    plan.rows,
    ndim,
    rt.ints(plan.shape),
    rt.ints(plan.strides.flat()),
    rt.ints(new Array<number>(ndim).fill(0)),
    rt.ints(plan.offsets),
  ];
}
