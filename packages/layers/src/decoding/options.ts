// Argument checks the decoders share, so that every decoder rejects bad options with the
// same clear message naming it. Not exported from the package.
import type { DecodeOptions } from './types.js';

/** Whether `value` is an integer ≥ `min`. */
function isIntegerAtLeast(value: unknown, min: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min;
}

/** Throws naming `op` unless `options[name]` is an integer ≥ `min` (or absent where optional). */
export function checkInteger(op: string, name: string, value: unknown, min: number, optional = false): void {
  if (optional && value === undefined) return;
  if (!isIntegerAtLeast(value, min)) throw new Error(`${op}: ${name} must be an integer >= ${min}, got ${String(value)}`);
}

/** The start tokens as an array (one per sequence), after checking the common options. */
export function startTokens<S>(op: string, options: DecodeOptions<S>): number[] {
  const { startToken, endToken, maxLength } = options;
  const starts = typeof startToken === 'number' ? [startToken] : Array.from(startToken ?? []);
  if (starts.length === 0 || !starts.every((t) => isIntegerAtLeast(t, 0))) {
    throw new Error(`${op}: startToken must be a token index (an integer >= 0) or a non-empty array of them, got ${JSON.stringify(startToken)}`);
  }
  checkInteger(op, 'endToken', endToken, 0, true);
  checkInteger(op, 'maxLength', maxLength, 1);
  return starts;
}

/** Throws unless the end token is inside the vocabulary the first step revealed. */
export function checkEndToken(op: string, endToken: number | undefined, vocab: number): void {
  if (endToken !== undefined && endToken >= vocab) {
    throw new Error(`${op}: endToken ${endToken} is outside the step function's vocabulary of ${vocab} tokens`);
  }
}

/** Returns one result for a single start token, the array for an array of them. */
export function unwrap<T>(startToken: number | readonly number[], results: T[]): T | T[] {
  return typeof startToken === 'number' ? results[0] : results;
}
