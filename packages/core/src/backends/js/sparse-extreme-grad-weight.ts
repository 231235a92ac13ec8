// The gradient of a max/min graph aggregation with respect to the edge weights: per edge and
// head, the sum over the features where the edge's message was the extreme of its source
// feature times the destination's share: one number per edge, not one per edge and feature.
import type { Kernel } from '../../kernels.js';
import type { JsHandle } from './index.js';

/** `out[k,h] = Σ_f [fround(weight[k,h] · x[j,h,f]) = y[i,h,f]] · x[j,h,f] · share[i,h,f]` for each CSR edge k (j → i). */
export const sparseExtremeGradWeight: Kernel<'sparseExtremeGradWeight', JsHandle> = ([x, weight, y, share, rowPtr, colIndex], _attrs, out) => {
  const [, heads] = out.shape;
  const features = x.shape[2];
  const [xs, w, ys, shares, ptr, cols] = [x.handle, weight.handle, y.handle, share.handle, rowPtr.handle, colIndex.handle];
  const result = new Float32Array(out.shape[0] * heads);
  for (let i = 0; i + 1 < ptr.length; i++) {
    for (let k = ptr[i]; k < ptr[i + 1]; k++) {
      for (let h = 0; h < heads; h++) {
        const weightK = w[k * heads + h];
        const source = (cols[k] * heads + h) * features;
        const target = (i * heads + h) * features;
        let dot = 0;
        for (let f = 0; f < features; f++) {
          if (Math.fround(weightK * xs[source + f]) === ys[target + f]) dot += xs[source + f] * shares[target + f];
        }
        result[k * heads + h] = dot;
      }
    }
  }
  return result;
};
