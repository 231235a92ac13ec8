// Per-edge dot products of a destination row and a source row (a sampled dense-dense product):
// the gradient of a weighted aggregation with respect to its edge weights, one number per
// edge and head instead of an edge-by-feature matrix.
import type { Kernel } from '../../kernels.js';
import type { JsHandle } from './index.js';

/** `out[k,h] = Σ_f a[i,h,f] · b[colIndex[k],h,f]` for each CSR edge k of row i. */
export const edgeDot: Kernel<'edgeDot', JsHandle> = ([a, b, rowPtr, colIndex], _attrs, out) => {
  const [, heads, features] = a.shape;
  const as = a.handle;
  const bs = b.handle;
  const ptr = rowPtr.handle;
  const cols = colIndex.handle;
  const result = new Float32Array(out.shape[0] * heads);
  for (let i = 0; i + 1 < ptr.length; i++) {
    for (let k = ptr[i]; k < ptr[i + 1]; k++) {
      for (let h = 0; h < heads; h++) {
        const rowA = (i * heads + h) * features;
        const rowB = (cols[k] * heads + h) * features;
        let dot = 0;
        for (let f = 0; f < features; f++) dot += as[rowA + f] * bs[rowB + f];
        result[k * heads + h] = dot;
      }
    }
  }
  return result;
};
