// Materialises a strided view (transpose, slice, expand, flip, ...) of a contiguous input.
import { allocArray } from '../../dtype.js';
import type { Kernel } from '../../kernels.js';
import type { JsHandle } from './index.js';
import { stridedOffsets } from './strided-offsets.js';

/** `out[i] = x.flat[offset + Σₖ iₖ·strides[k]]` over `out.shape`; strides may be 0 or negative. */
export const stridedCopy: Kernel<'stridedCopy', JsHandle> = ([x], { strides, offset }, out) => {
  const offsets = stridedOffsets(out.shape, strides, offset);
  const values = x.handle;
  const result = allocArray(out.dtype, offsets.length);
  for (let i = 0; i < offsets.length; i++) result[i] = values[offsets[i]];
  return result;
};
