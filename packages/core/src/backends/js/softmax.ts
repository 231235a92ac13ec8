// Softmax and log-softmax along one axis, stabilised by subtracting each row's maximum.
// NOTE: a row whose maximum is ±Infinity or NaN gives NaN throughout (∞ − ∞), as in PyTorch;
// a row of all −Infinity is such a row.
import { allocArray } from '../../dtype.js';
import type { Kernel } from '../../kernels.js';
import type { JsHandle } from './index.js';
import { axisLayout } from './axis-layout.js';
import { maxPropagateNaN } from './scalar-math.js';

/** `exp(x − max) / Σ exp(x − max)`, or with `log` `x − max − log Σ exp(x − max)`, along `attrs.axis`. */
export const softmax: Kernel<'softmax', JsHandle> = ([x], { axis, log }, out) => {
  const { outer, size, inner } = axisLayout(x.shape, axis);
  const values = x.handle;
  const result = allocArray(out.dtype, values.length);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const start = o * size * inner + i;
      const end = start + size * inner;
      let max = -Infinity;
      for (let at = start; at < end; at += inner) max = maxPropagateNaN(max, values[at]);
      let sum = 0;
      for (let at = start; at < end; at += inner) sum += Math.exp(values[at] - max);
      if (log) {
        const logSum = Math.log(sum);
        for (let at = start; at < end; at += inner) result[at] = values[at] - max - logSum;
      } else {
        for (let at = start; at < end; at += inner) result[at] = Math.exp(values[at] - max) / sum;
      }
    }
  }
  return result;
};
