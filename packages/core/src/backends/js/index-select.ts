// torch.index_select: copies whole slabs of x, one per entry of a 1-D index.
import { allocArray } from '../../dtype.js';
import type { Kernel } from '../../kernels.js';
import type { JsHandle } from './index.js';
import { axisLayout, checkIndex } from './axis-layout.js';

/** `out[..., j, ...] = x[..., index[j], ...]` along `attrs.axis`; negative indices are errors, as in torch. */
export const indexSelect: Kernel<'indexSelect', JsHandle> = ([x, index], { axis }, out) => {
  const { outer, size, inner } = axisLayout(x.shape, axis);
  const indices = index.handle;
  for (const k of indices) checkIndex('indexSelect', k, axis, size, 'out of range');
  const values = x.handle;
  const count = indices.length;
  const result = allocArray(out.dtype, outer * count * inner);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < count; j++) {
      const from = (o * size + indices[j]) * inner;
      result.set(values.subarray(from, from + inner), (o * count + j) * inner);
    }
  }
  return result;
};
