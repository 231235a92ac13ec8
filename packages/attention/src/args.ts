// Argument checks the attention functions and layers share, so every error names the layer,
// the shapes it got and what it expected (not exported from the package).
import { check, fmt, type Tensor } from '@tessera/core';

// core's checks, so every package words its errors alike.
export { check, checkProbability, checkSize, fmt } from '@tessera/core';

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

/** `1/√fanIn`: PyTorch's Linear initialises its weight and bias within ±this. */
export function symmetricBound(fanIn: number): number {
  return 1 / Math.sqrt(fanIn);
}
