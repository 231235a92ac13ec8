// Element-wise selection between two broadcast operands by a broadcast bool condition.
import { allocArray } from '../../dtype.js';
import type { Kernel } from '../../kernels.js';
import { sizeOf } from '../../shape.js';
import type { JsHandle } from './index.js';
import { broadcastOffsets } from './strided-offsets.js';

/** `out = cond ? a : b` with broadcasting of all three inputs. */
export const where: Kernel<'where', JsHandle> = ([cond, a, b], _attrs, out) => {
  const ic = broadcastOffsets(cond.shape, out.shape);
  const ia = broadcastOffsets(a.shape, out.shape);
  const ib = broadcastOffsets(b.shape, out.shape);
  const cv = cond.handle;
  const av = a.handle;
  const bv = b.handle;
  const result = allocArray(out.dtype, sizeOf(out.shape));
  for (let i = 0; i < result.length; i++) {
    result[i] = cv[ic === undefined ? i : ic[i]] !== 0 ? av[ia === undefined ? i : ia[i]] : bv[ib === undefined ? i : ib[i]];
  }
  return result;
};
