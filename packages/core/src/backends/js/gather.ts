// torch.gather: each index entry picks one element of x along the axis, at its own
// position in the other axes.
import { allocArray } from '../../dtype.js';
import type { Kernel } from '../../kernels.js';
import { stridesOf } from '../../shape.js';
import type { JsHandle } from './index.js';
import { checkIndex, offsetsBesideAxis } from './axis-layout.js';

/** `out[p] = x[p with its axis coordinate replaced by index[p]]`; out has index's shape. */
export const gather: Kernel<'gather', JsHandle> = ([x, index], { axis }, out) => {
  const bases = offsetsBesideAxis(index.shape, x.shape, axis);
  const stride = stridesOf(x.shape)[axis];
  const size = x.shape[axis];
  const indices = index.handle;
  const values = x.handle;
  const result = allocArray(out.dtype, bases.length);
  for (let i = 0; i < bases.length; i++) {
    const k = indices[i];
    checkIndex('gather', k, axis, size, 'out of bounds');
    result[i] = values[bases[i] + k * stride];
  }
  return result;
};
