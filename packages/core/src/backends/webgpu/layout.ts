// Index arithmetic shared by the kernels' TypeScript halves: strided walks are simplified
// before dispatch (size-1 dimensions dropped, dimensions that are contiguous for every
// operand merged) so that shaders loop over as few dimensions as possible.
import { sizeOf, stridesOf } from '../../shape.js';

/** A walk over `shape` (row-major) reading each operand through its own strides. */
export interface StridedWalk {
  readonly shape: number[];
  readonly strides: number[][];
}

/**
 * Drops size-1 dimensions and merges neighbours `d, d+1` where every operand has
 * `strides[d] == strides[d+1] · shape[d+1]`. The walk visits the same offsets in the same order.
 */
export function collapse(shape: readonly number[], strides: readonly (readonly number[])[]): StridedWalk {
  const outShape: number[] = [];
  const outStrides: number[][] = strides.map(() => []);
  for (let d = 0; d < shape.length; d++) {
    if (shape[d] === 1) continue;
    const last = outShape.length - 1;
    if (last >= 0 && strides.every((s, k) => outStrides[k][last] === s[d] * shape[d])) {
      outShape[last] *= shape[d];
      strides.forEach((s, k) => (outStrides[k][last] = s[d]));
    } else {
      outShape.push(shape[d]);
      strides.forEach((s, k) => outStrides[k].push(s[d]));
    }
  }
  return { shape: outShape, strides: outStrides };
}

/** Strides that read a contiguous tensor of `shape` broadcast to `outShape` (0 on broadcast dims). */
export function broadcastStridesFor(shape: readonly number[], outShape: readonly number[]): number[] {
  const own = stridesOf(shape);
  const lead = outShape.length - shape.length;
  return outShape.map((_, d) => (d < lead || shape[d - lead] === 1 ? 0 : own[d - lead]));
}

/** Workgroups needed for `n` threads in groups of `size`. */
export function groupsFor(n: number, size: number): number {
  return Math.ceil(n / size);
}

/** The `[outer, size, inner]` view of a contiguous shape around `axis`. */
export function aroundAxis(shape: readonly number[], axis: number): [number, number, number] {
  return [sizeOf(shape.slice(0, axis)), shape[axis], sizeOf(shape.slice(axis + 1))];
}
