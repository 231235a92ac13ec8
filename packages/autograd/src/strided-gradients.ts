// The gradient of stridedCopy, the kernel behind every view op. The general rule scatter-adds
// g through an index ramp as large as the input (right for expand and overlapping reads);
// the two commonest views have cheaper exact gradients: a permutation (transpose, permute)
// is g permuted back, here, and a slice with step 1 (narrow, split, chunk, one time step) is
// g padded back with zeros, which the backward pass does itself (sliceStarts below finds
// them) so that the slices of one tensor are joined rather than padded one by one
// (slice-gradients.ts). An LSTM slices and transposes at every step.
import { arange, pad, reshape, runKernel, scatterAdd, zeros, type Tensor } from '@tessera/core';
import type { GradientRule } from './rule.js';

function contiguousStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let step = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = step;
    step *= shape[d];
  }
  return strides;
}

/**
 * Where a copy that read a box of its input in order (a slice with step 1) starts along
 * each dimension; null when the copy was anything else.
 */
export function sliceStarts(inShape: readonly number[], outShape: readonly number[], strides: readonly number[], offset: number): number[] | null {
  if (strides.length !== inShape.length || outShape.some((s) => s === 0)) return null;
  const contiguous = contiguousStrides(inShape);
  const starts: number[] = [];
  let rest = offset;
  for (let d = 0; d < inShape.length; d++) {
    // A dimension of length 1 reads one position, whatever its stride.
    if (outShape[d] > 1 && strides[d] !== contiguous[d]) return null;
    const start = Math.floor(rest / contiguous[d]);
    rest -= start * contiguous[d];
    if (start + outShape[d] > inShape[d]) return null;
    starts.push(start);
  }
  return rest === 0 ? starts : null;
}

/** g (a slice's gradient, starting at `starts`) padded back with zeros to `inShape`; g itself when it is the whole. */
export function padBack(g: Tensor, starts: readonly number[], inShape: readonly number[]): Tensor {
  const pads: number[] = [];
  for (let d = inShape.length - 1; d >= 0; d--) pads.push(starts[d], inShape[d] - starts[d] - g.shape[d]);
  return pads.every((p) => p === 0) ? g : pad(g, pads);
}

/**
 * The strides that read g back into the input's layout when the copy was a permutation of
 * the input's dimensions (offset 0, each output dimension one input dimension); null otherwise.
 */
function inverseStrides(inShape: readonly number[], outShape: readonly number[], strides: readonly number[], offset: number): number[] | null {
  if (offset !== 0 || strides.length !== inShape.length) return null;
  const contiguous = contiguousStrides(inShape);
  const gStrides = contiguousStrides(outShape);
  const back = new Array<number>(inShape.length).fill(-1);
  for (let d = 0; d < outShape.length; d++) {
    let p = inShape.findIndex((size, q) => back[q] < 0 && size === outShape[d] && contiguous[q] === strides[d]);
    // A dimension of length 1 may carry any stride; it pairs with an unused one of length 1.
    if (p < 0 && outShape[d] === 1) p = inShape.findIndex((size, q) => back[q] < 0 && size === 1);
    if (p < 0) return null;
    back[p] = gStrides[d];
  }
  return back;
}

/** Permutations permuted back; the index-ramp scatter for the rest (slices never get here, see above). */
export const stridedCopyRule: GradientRule<'stridedCopy'> = {
  saves: { inputs: [], output: false },
  grad: (g, { attrs, shapes }) => {
    const inShape = shapes[0];
    if (g.size > 0) {
      const back = inverseStrides(inShape, g.shape, attrs.strides, attrs.offset);
      if (back) return [runKernel('stridedCopy', [g], { strides: back, offset: 0 }, inShape, g.dtype)];
    }
    // The positions each output element read are the strided copy of an index ramp, which
    // covers expand (stride 0: summed) and flip (negative strides).
    const size = inShape.reduce((n, s) => n * s, 1);
    const positions = runKernel('stridedCopy', [arange(size)], attrs, g.shape, 'int32');
    return [reshape(scatterAdd(zeros([size]), 0, reshape(positions, [-1]), reshape(g, [-1])), inShape)];
  },
};
