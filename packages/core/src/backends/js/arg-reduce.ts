// Index of the first maximum or minimum along one axis, with NaN counting as the extreme
// (the first NaN wins), as torch.argmax/argmin.
import { allocArray } from '../../dtype.js';
import type { Kernel } from '../../kernels.js';
import type { JsHandle } from './index.js';
import { axisLayout } from './axis-layout.js';

/** int32 index of the first extreme along `attrs.axis`; the axis is never empty here. */
export const argReduce: Kernel<'argReduce', JsHandle> = ([x], { op, axis }, out) => {
  const { outer, size, inner } = axisLayout(x.shape, axis);
  const values = x.handle;
  const sign = op === 'argmax' ? 1 : -1;
  const result = allocArray(out.dtype, outer * inner);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const start = o * size * inner + i;
      let best = sign * values[start];
      let bestIndex = 0;
      // Negating for argmin turns "smaller" into "larger" and keeps NaN a NaN.
      for (let k = 1; k < size && best === best; k++) {
        const v = sign * values[start + k * inner];
        if (v > best || v !== v) {
          best = v;
          bestIndex = k;
        }
      }
      result[o * inner + i] = bestIndex;
    }
  }
  return result;
};
