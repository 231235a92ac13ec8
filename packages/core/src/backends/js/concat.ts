// Joins tensors along one axis: for each outer index, each input contributes one contiguous
// slab of `size·inner` elements.
import { allocArray } from '../../dtype.js';
import type { Kernel } from '../../kernels.js';
import { sizeOf } from '../../shape.js';
import type { JsHandle } from './index.js';
import { axisLayout } from './axis-layout.js';

/** Concatenates `inputs` (equal shapes except along `attrs.axis`, all of `out.dtype`). */
export const concat: Kernel<'concat', JsHandle> = (inputs, { axis }, out) => {
  const { outer, size, inner } = axisLayout(out.shape, axis);
  const result = allocArray(out.dtype, sizeOf(out.shape));
  let start = 0;
  for (const input of inputs) {
    const slab = input.shape[axis] * inner;
    for (let o = 0; o < outer; o++) result.set(input.handle.subarray(o * slab, (o + 1) * slab), o * size * inner + start);
    start += slab;
  }
  return result;
};
