// Inclusive running sums along one axis; floats accumulate in float64 (as PyTorch's CPU
// cumsum does), int32 wraps at every step.
import { allocArray } from '../../dtype.js';
import type { Kernel } from '../../kernels.js';
import type { JsHandle } from './index.js';
import { axisLayout } from './axis-layout.js';

/** `out[..., k, ...] = Σ_{j ≤ k} x[..., j, ...]` along `attrs.axis`. */
export const cumsum: Kernel<'cumsum', JsHandle> = ([x], { axis }, out) => {
  const { outer, size, inner } = axisLayout(x.shape, axis);
  const values = x.handle;
  const int = x.dtype !== 'float32';
  const result = allocArray(out.dtype, values.length);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const start = o * size * inner + i;
      let acc = 0;
      for (let k = 0; k < size; k++) {
        const at = start + k * inner;
        acc = int ? (acc + values[at]) | 0 : acc + values[at];
        result[at] = acc;
      }
    }
  }
  return result;
};
