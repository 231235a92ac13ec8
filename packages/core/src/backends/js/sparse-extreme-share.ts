// The first step of a max/min graph aggregation's backward: how each destination's gradient
// is split among the incoming edges that attained its extreme (evenly over ties, as
// torch.scatter_reduce's amax/amin), one number per output element, never one per edge.
import type { Kernel } from '../../kernels.js';
import type { JsHandle } from './index.js';

/**
 * `out[i,h,f] = grad[i,h,f] / n`, n the number of edges k of row i with
 * `fround(weight[k,h] · x[colIndex[k],h,f]) = y[i,h,f]`; 0 for rows without edges.
 */
export const sparseExtremeShare: Kernel<'sparseExtremeShare', JsHandle> = ([x, weight, y, grad, rowPtr, colIndex], _attrs, out) => {
  const [numDst, heads, features] = out.shape;
  const [xs, w, ys, gs, ptr, cols] = [x.handle, weight.handle, y.handle, grad.handle, rowPtr.handle, colIndex.handle];
  const result = new Float32Array(numDst * heads * features);
  const ties = new Int32Array(features);
  for (let i = 0; i < numDst; i++) {
    for (let h = 0; h < heads; h++) {
      ties.fill(0);
      const at = (i * heads + h) * features;
      for (let k = ptr[i]; k < ptr[i + 1]; k++) {
        const weightK = w[k * heads + h];
        const row = (cols[k] * heads + h) * features;
        for (let f = 0; f < features; f++) if (Math.fround(weightK * xs[row + f]) === ys[at + f]) ties[f]++;
      }
      for (let f = 0; f < features; f++) if (ties[f] > 0) result[at + f] = gs[at + f] / ties[f];
    }
  }
  return result;
};
