// Argument checks the transformer modules share, so every error names the module, the shapes
// it got and what it expected (not exported from the package).
import { check, fmt, type Tensor } from '@tessera/core';

// core's checks, so every package words its errors alike.
export { check, checkProbability, checkSize, fmt } from '@tessera/core';

/** Throws unless `x` is a float32 sequence: `[L, N, E]` (`[N, L, E]` with batchFirst) or unbatched `[L, E]`, with E = dModel. */
export function checkSequence(where: string, name: string, x: Tensor, dModel: number, batchFirst: boolean): void {
  const layout = batchFirst ? '[N, L, E]' : '[L, N, E]';
  check(x.dtype === 'float32', where, () => `${name} must be float32, got ${x.dtype} of shape ${fmt(x.shape)}`);
  check(x.ndim === 3 || x.ndim === 2, where, () => `${name} must be ${layout} or unbatched [L, E], got shape ${fmt(x.shape)}`);
  check(x.shape[x.ndim - 1] === dModel, where, () => `${name}'s last dimension must be dModel=${dModel}, got shape ${fmt(x.shape)}`);
}

/** `[batch size | null (unbatched), length]` of a sequence checked by checkSequence. */
export function sequenceDims(x: Tensor, batchFirst: boolean): [number | null, number] {
  if (x.ndim === 2) return [null, x.shape[0]];
  return batchFirst ? [x.shape[0], x.shape[1]] : [x.shape[1], x.shape[0]];
}
