// The gradient of a max/min graph aggregation with respect to the source features: a pull per
// source over the transposed CSR, each feature taking its share from the destinations where
// its message was the extreme, so no per-edge, per-feature mask is stored.
import type { Kernel } from '../../kernels.js';
import type { JsHandle } from './index.js';

/**
 * `out[j,h,f] = Σ_{edges k: j → i} [fround(weight[k,h] · x[j,h,f]) = y[i,h,f]] · weight[k,h] · share[i,h,f]`,
 * walking j's out-edges in the transpose (tRowPtr, tColIndex) and reading each one's weight at
 * its CSR position (fromT).
 */
export const sparseExtremeGradInput: Kernel<'sparseExtremeGradInput', JsHandle> = ([x, weight, y, share, , , tRowPtr, tColIndex, , fromT], _attrs, out) => {
  const [numSrc, heads, features] = out.shape;
  const [xs, w, ys, shares, ptr, dsts, csr] = [x.handle, weight.handle, y.handle, share.handle, tRowPtr.handle, tColIndex.handle, fromT.handle];
  const result = new Float32Array(numSrc * heads * features);
  for (let j = 0; j < numSrc; j++) {
    for (let p = ptr[j]; p < ptr[j + 1]; p++) {
      const i = dsts[p];
      for (let h = 0; h < heads; h++) {
        const weightK = w[csr[p] * heads + h];
        const at = (j * heads + h) * features;
        const target = (i * heads + h) * features;
        for (let f = 0; f < features; f++) {
          if (Math.fround(weightK * xs[at + f]) === ys[target + f]) result[at + f] += weightK * shares[target + f];
        }
      }
    }
  }
  return result;
};
