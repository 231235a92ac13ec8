// Conversion between dtypes. Casting to the same dtype is a free view, as x.to(dtype) in
// PyTorch returns x itself.
import { isDType, type DType } from '../dtype.js';
import { runKernel, view } from '../engine.js';
import { check } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { live } from './args.js';

/**
 * Converts `x` to `dtype`: float → int32 truncates toward zero, anything → bool is `x != 0`.
 * `copy` forces new storage even when the dtype already matches.
 * @example cast(tensor([1.7, -1.7]), 'int32'); // [1, -1]
 */
export function cast(x: Tensor, dtype: DType, copy = false): Tensor {
  live('cast', x);
  check(isDType(dtype), 'cast', () => `unknown dtype '${String(dtype)}' (expected float32, int32 or bool)`);
  if (x.dtype === dtype && !copy) return view(x, x.shape);
  return runKernel('cast', [x], {}, x.shape, dtype);
}
