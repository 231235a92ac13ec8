// Dtype conversion with PyTorch's rules: float → int32 truncates (NaN and overflow give
// −2³¹, as on x86), anything → bool is `!= 0` (NaN is true), bool → number is 0/1.
import { allocArray } from '../../dtype.js';
import type { Kernel } from '../../kernels.js';
import type { JsHandle } from './index.js';
import { floatToInt32 } from './scalar-math.js';

/** Converts `x` to `out.dtype`; the same dtype gives a copy. */
export const cast: Kernel<'cast', JsHandle> = ([x], _attrs, out) => {
  const values = x.handle;
  const result = allocArray(out.dtype, values.length);
  if (out.dtype === 'bool') {
    for (let i = 0; i < values.length; i++) result[i] = values[i] !== 0 ? 1 : 0;
  } else if (out.dtype === 'int32' && x.dtype === 'float32') {
    for (let i = 0; i < values.length; i++) result[i] = floatToInt32(values[i]);
  } else {
    // int32 → float32 rounds on store; bool → number and same-dtype copies are exact.
    result.set(values);
  }
  return result;
};
