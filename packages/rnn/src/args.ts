// Argument checks the recurrent modules share, so every error names the layer, the shapes it
// got and what it expected (not exported from the package).
import { check, fmt, type Tensor } from '@tessera/core';

// core's checks, so every package words its errors alike.
export { check, checkProbability, checkSize, fmt } from '@tessera/core';

/** Throws unless `t` is float32 with exactly `shape`; `name` says which argument it is. */
export function checkShape(where: string, name: string, t: Tensor, shape: readonly number[], meaning: string): void {
  check(t.dtype === 'float32', where, () => `${name} must be float32, got ${t.dtype} of shape ${fmt(t.shape)}`);
  check(fmt(t.shape) === fmt(shape), where, () => `${name} must have shape ${fmt(shape)} (${meaning}), got ${fmt(t.shape)}`);
}
