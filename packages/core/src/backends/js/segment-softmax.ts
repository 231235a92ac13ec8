// Softmax over each destination's incoming edges (attention over neighbours), stabilised by
// the segment's maximum; the edges of a destination are contiguous in CSR order.
import type { Kernel } from '../../kernels.js';
import type { JsHandle } from './index.js';
import { maxPropagateNaN } from './scalar-math.js';

/** `out[k,h] = exp(s[k,h] − m) / Σ_{k' in row} exp(s[k',h] − m)` with m the row's maximum. */
export const segmentSoftmax: Kernel<'segmentSoftmax', JsHandle> = ([scores, rowPtr], _attrs, out) => {
  const heads = out.shape[1];
  const s = scores.handle;
  const ptr = rowPtr.handle;
  const result = new Float32Array(s.length);
  for (let i = 0; i + 1 < ptr.length; i++) {
    const [start, end] = [ptr[i], ptr[i + 1]];
    for (let h = 0; h < heads; h++) {
      let max = -Infinity;
      for (let k = start; k < end; k++) max = maxPropagateNaN(max, s[k * heads + h]);
      let sum = 0;
      for (let k = start; k < end; k++) sum += Math.exp(s[k * heads + h] - max);
      for (let k = start; k < end; k++) result[k * heads + h] = Math.exp(s[k * heads + h] - max) / sum;
    }
  }
  return result;
};
