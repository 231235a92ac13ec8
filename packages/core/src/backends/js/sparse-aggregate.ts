// Graph aggregation as a pull per destination over a CSR sorted by destination: each output
// row folds its incoming edges' weighted source rows, so no per-edge message is ever stored.
import type { Kernel, SparseReduceOp } from '../../kernels.js';
import type { JsHandle } from './index.js';

/**
 * `out[i,h,f] = reduce_k weight[k,h] · x[colIndex[k],h,f]` over the edges k of row i (sum,
 * mean, max or min); rows without edges give 0.
 */
export const sparseAggregate: Kernel<'sparseAggregate', JsHandle> = ([x, weight, rowPtr, colIndex], { reduce }, out) => {
  const [numDst, heads, features] = out.shape;
  const xs = x.handle;
  const w = weight.handle;
  const ptr = rowPtr.handle;
  const cols = colIndex.handle;
  const result = new Float32Array(numDst * heads * features);
  const acc = new Float64Array(features);
  for (let i = 0; i < numDst; i++) {
    const start = ptr[i];
    const end = ptr[i + 1];
    if (start === end) continue;
    for (let h = 0; h < heads; h++) {
      acc.fill(reduce === 'max' ? -Infinity : reduce === 'min' ? Infinity : 0);
      for (let k = start; k < end; k++) {
        const weightK = w[k * heads + h];
        const row = (cols[k] * heads + h) * features;
        foldRow(reduce, acc, xs, row, weightK);
      }
      const at = (i * heads + h) * features;
      const scale = reduce === 'mean' ? 1 / (end - start) : 1;
      for (let f = 0; f < features; f++) result[at + f] = acc[f] * scale;
    }
  }
  return result;
};

/** Folds `weight · xs[row + f]` into each `acc[f]`; products are rounded to float32 as the other backends do. */
function foldRow(reduce: SparseReduceOp, acc: Float64Array, xs: JsHandle, row: number, weight: number): void {
  const n = acc.length;
  if (reduce === 'max') for (let f = 0; f < n; f++) acc[f] = Math.max(acc[f], Math.fround(weight * xs[row + f]));
  else if (reduce === 'min') for (let f = 0; f < n; f++) acc[f] = Math.min(acc[f], Math.fround(weight * xs[row + f]));
  else for (let f = 0; f < n; f++) acc[f] += weight * xs[row + f];
}
