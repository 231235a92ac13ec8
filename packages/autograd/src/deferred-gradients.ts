// Gradients that the backward pass keeps in a cheaper form until they are summed, for what
// a recurrence does at every step. A recurrence slices one tensor into its time steps (and an
// LSTM step's packed h | c into halves): padding each slice's gradient back to the whole
// tensor and adding them up costs T full-size tensors, quadratic in the sequence length;
// slices that tile one axis are joined by one concat instead (padded once where they leave
// the ends). And it multiplies by one weight at every step: each step's weight gradient
// aᵢᵀ·gᵢ is a thin product (inner size: the batch) and T of them take T − 1 full-size adds;
// their sum is one product of the stacked factors, [a₁; …; a_T]ᵀ·[g₁; …; g_T].
import { cat, type Tensor } from '@tessera/core';
import { matmulT } from './gradient-helpers.js';
import { padBack } from './strided-gradients.js';

/** The gradient of a slice starting at `starts` of a tensor of shape `inShape`, not yet padded back. */
export class SliceGradient {
  constructor(readonly g: Tensor, readonly starts: readonly number[], readonly inShape: readonly number[]) {}
}

/** The weight gradient `aᵀ·g` of a 2-D product `a·w`, not yet multiplied out. */
export class ProductGradient {
  constructor(readonly a: Tensor, readonly g: Tensor) {}
}

/** A gradient waiting at a tensor: a tensor, or one of the deferred forms. */
export type GradientPart = Tensor | SliceGradient | ProductGradient;

/** The tensor a part keeps alive until it is resolved (the pass counts its holders). */
export function heldBy(part: GradientPart): Tensor {
  return part instanceof SliceGradient || part instanceof ProductGradient ? part.g : part;
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

/** Slices that tile one axis without overlap or holes as one concat; any others padded back one by one. */
function joinSlices(slices: readonly SliceGradient[]): Tensor[] {
  const axis = slices.length > 1 ? tilingAxis(slices) : null;
  if (axis !== null) {
    const sorted = [...slices].sort((a, b) => a.starts[axis] - b.starts[axis]);
    const adjacent = sorted.every((s, k) => k === 0 || s.starts[axis] === sorted[k - 1].starts[axis] + sorted[k - 1].g.shape[axis]);
    if (adjacent) return [padBack(cat(sorted.map((s) => s.g), axis), sorted[0].starts, sorted[0].inShape)];
  }
  return slices.map((s) => padBack(s.g, s.starts, s.inShape));
}

/** The sum of weight gradients aᵢᵀ·gᵢ as one product of the stacked factors. */
function multiplyOut(products: readonly ProductGradient[]): Tensor {
  const stack = (ts: Tensor[]) => (ts.length === 1 ? ts[0] : cat(ts, 0));
  return matmulT(stack(products.map((p) => p.a)), stack(products.map((p) => p.g)), true, false, []);
}

/** The parts of a gradient as tensors to add up: deferred parts resolved (see above), tensors as they are. */
export function resolveParts(parts: readonly GradientPart[]): Tensor[] {
  const slices = parts.filter((p): p is SliceGradient => p instanceof SliceGradient);
  const products = parts.filter((p): p is ProductGradient => p instanceof ProductGradient);
  const tensors = parts.filter((p): p is Tensor => !(p instanceof SliceGradient || p instanceof ProductGradient));
  if (slices.length > 0) tensors.push(...joinSlices(slices));
  if (products.length > 0) tensors.push(multiplyOut(products));
  return tensors;
}
