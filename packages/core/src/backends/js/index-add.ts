// torch.index_add_ in place: the reference for the row updates optimisers apply to tables.
import type { InPlaceKernel } from '../../kernels.js';
import type { JsHandle } from './index.js';
import { axisLayout, checkIndex } from './axis-layout.js';

/**
 * `target[o, index[k], i] += alpha · source[o, k, i]`, in index order; every index is
 * checked before anything is written.
 */
export const indexAdd: InPlaceKernel<'indexAdd', JsHandle> = (target, [index, source], { axis, alpha }) => {
  const { outer, size, inner } = axisLayout(target.shape, axis);
  const indices = index.handle;
  for (const k of indices) checkIndex('indexAdd_', k, axis, size, 'out of range');
  const t = target.handle;
  const s = source.handle;
  const count = indices.length;
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < count; j++) {
      const to = (o * size + indices[j]) * inner;
      const from = (o * count + j) * inner;
      // NOTE: Math.fround rounds the product as float32 arithmetic (wasm, WGSL) does.
      for (let i = 0; i < inner; i++) t[to + i] += Math.fround(alpha * s[from + i]);
    }
  }
};
