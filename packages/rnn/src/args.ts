// Argument checks the recurrent modules share, so every error names the layer, the shapes it
// got and what it expected (not exported from the package).
import type { Tensor } from '@tessera/core';

/** A shape as errors print it: `[2,3,4]`. */
export function fmt(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}

/** Throws `where: message` unless `condition` holds; the message is built only on failure. */
export function check(condition: boolean, where: string, message: () => string): asserts condition {
  if (!condition) throw new Error(`${where}: ${message()}`);
}

/** Throws unless `size` is a positive integer. */
export function checkSize(where: string, name: string, size: number): void {
  check(Number.isInteger(size) && size > 0, where, () => `${name} must be a positive integer, got ${size}`);
}

/** Throws unless `p` is a probability. */
export function checkProbability(where: string, name: string, p: number): void {
  check(typeof p === 'number' && p >= 0 && p <= 1, where, () => `${name} must be between 0 and 1, got ${p}`);
}

/** Throws unless `t` is float32 with exactly `shape`; `name` says which argument it is. */
export function checkShape(where: string, name: string, t: Tensor, shape: readonly number[], meaning: string): void {
  check(t.dtype === 'float32', where, () => `${name} must be float32, got ${t.dtype} of shape ${fmt(t.shape)}`);
  check(fmt(t.shape) === fmt(shape), where, () => `${name} must have shape ${fmt(shape)} (${meaning}), got ${fmt(t.shape)}`);
}
