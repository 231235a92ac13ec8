// Gradients of slices, kept unpadded until they are summed. A recurrence slices one tensor
// into its time steps (or an LSTM step's packed h | c into its halves); padding each slice's
// gradient back to the whole tensor and adding them up costs T full-size tensors, quadratic
// in the sequence length. When the slices that meet at a tensor tile it along one axis,
// their gradients are joined by one concat instead (and padded once where they leave gaps
// at the ends).
import { cat, type Tensor } from '@tessera/core';
import { padBack } from './strided-gradients.js';

/** The gradient of a slice starting at `starts` of a tensor of shape `inShape`, not yet padded back. */
export class SliceGradient {
  constructor(readonly g: Tensor, readonly starts: readonly number[], readonly inShape: readonly number[]) {}
}

/** The one axis along which the slices differ from the whole tensor; null when there is none or more. */
function tilingAxis(slices: readonly SliceGradient[]): number | null {
  let axis: number | null = null;
  for (const s of slices) {
    for (let d = 0; d < s.inShape.length; d++) {
      if (s.starts[d] === 0 && s.g.shape[d] === s.inShape[d]) continue;
      if (axis !== null && axis !== d) return null;
      axis = d;
    }
  }
  return axis;
}

/**
 * The parts of a gradient as tensors to add up: slices that tile one axis without overlap
 * or holes become one concat (padded at the ends where they do not reach them), any others
 * are padded back one by one. Tensors pass through.
 */
export function joinSlices(parts: readonly (Tensor | SliceGradient)[]): Tensor[] {
  const slices = parts.filter((p): p is SliceGradient => p instanceof SliceGradient);
  const tensors = parts.filter((p): p is Tensor => !(p instanceof SliceGradient));
  if (slices.length === 0) return tensors;
  const axis = slices.length > 1 ? tilingAxis(slices) : null;
  if (axis !== null) {
    const sorted = [...slices].sort((a, b) => a.starts[axis] - b.starts[axis]);
    const adjacent = sorted.every((s, k) => k === 0 || s.starts[axis] === sorted[k - 1].starts[axis] + sorted[k - 1].g.shape[axis]);
    if (adjacent) return [...tensors, padBack(cat(sorted.map((s) => s.g), axis), sorted[0].starts, sorted[0].inShape)];
  }
  return [...tensors, ...slices.map((s) => padBack(s.g, s.starts, s.inShape))];
}
