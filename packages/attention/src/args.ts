// Argument checks the attention functions and layers share, so every error names the layer,
// the shapes it got and what it expected (not exported from the package).
import type { Tensor } from '@tessera/core';

/** A shape as errors print it: `[2,3,4]`. */
export function fmt(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}

/** Throws `where: message` unless `condition` holds; the message is built only on failure. */
export function check(condition: boolean, where: string, message: () => string): asserts condition {
  if (!condition) throw new Error(`${where}: ${message()}`);
}

/** Throws unless `t` is a float32 tensor whose rank is one of `ranks`. */
export function checkFloat(where: string, name: string, t: Tensor, ranks: readonly number[]): void {
  check(t.dtype === 'float32', where, () => `${name} must be float32, got ${t.dtype} of shape ${fmt(t.shape)}`);
  check(ranks.includes(t.ndim), where, () =>
    `${name} must have ${ranks.map((r) => `${r}`).join(' or ')} dimensions, got shape ${fmt(t.shape)}`);
}

/** Whether `from` broadcasts to exactly `to` (PyTorch's rules, aligned at the last dimension). */
export function broadcastsTo(from: readonly number[], to: readonly number[]): boolean {
  if (from.length > to.length) return false;
  const offset = to.length - from.length;
  return from.every((d, i) => d === 1 || d === to[offset + i]);
}

/** Throws unless `size` is a positive integer. */
export function checkSize(where: string, name: string, size: number): void {
  check(Number.isInteger(size) && size > 0, where, () => `${name} must be a positive integer, got ${size}`);
}

/** Throws unless `p` is a probability. */
export function checkProbability(where: string, name: string, p: number): void {
  check(typeof p === 'number' && p >= 0 && p <= 1, where, () => `${name} must be between 0 and 1, got ${p}`);
}

/** `1/√fanIn`: PyTorch's Linear initialises its weight and bias within ±this. */
export function symmetricBound(fanIn: number): number {
  return 1 / Math.sqrt(fanIn);
}
