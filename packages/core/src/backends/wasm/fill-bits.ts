// The bit pattern that fills a tensor of a dtype with a number, as the fill kernel takes it.
import type { DType } from '../../dtype.js';

const word = new DataView(new ArrayBuffer(4));

/** `value` stored as `dtype` (float32 rounding, int32 wrapping, bool 0/1), read back as an int32. */
export function fillBits(value: number, dtype: DType): number {
  if (dtype === 'float32') word.setFloat32(0, value, true);
  else if (dtype === 'int32') word.setInt32(0, value, true);
  else word.setInt32(0, value !== 0 ? 1 : 0, true);
  return word.getInt32(0, true);
}
