// Attention masks as PyTorch's Transformer takes them: checking an attention mask and a key
// padding mask against the sequences before anything runs, and the square causal mask.
import { arange, gt, maskedFill, reshape, tidy, zeros, type Tensor } from '@tessera/core';
import { check, checkSize, fmt } from './args.js';

/** The masks of one attention block and the names the caller knows them by. */
export interface MaskArgs {
  /** `[L, S]` or `[N·nhead, L, S]`: bool true = may NOT attend; float = added to the scores. */
  mask: Tensor | null | undefined;
  /** `[N, S]` (`[S]` unbatched): bool true = padding, ignored; float = added. */
  padding: Tensor | null | undefined;
  /** The option names in errors, e.g. `['srcMask', 'srcKeyPaddingMask']`. */
  names: [string, string];
}

/**
 * Throws unless the masks fit queries of length L and keys of length S for batch N (null:
 * unbatched) with `nhead` heads, and are bool or float32.
 */
export function checkMasks(where: string, args: MaskArgs, N: number | null, L: number, S: number, nhead: number): void {
  const { mask, padding, names } = args;
  for (const [name, m] of [[names[0], mask], [names[1], padding]] as const) {
    if (m) check(m.dtype === 'bool' || m.dtype === 'float32', where, () => `${name} must be bool or float32, got ${m.dtype}`);
  }
  if (mask) {
    const heads = (N ?? 1) * nhead;
    const ok = fmt(mask.shape) === fmt([L, S]) || fmt(mask.shape) === fmt([heads, L, S]);
    check(ok, where, () => `${names[0]} must have shape ${fmt([L, S])} or ${fmt([heads, L, S])} (N·nhead, L, S) for queries of length ${L} and keys of length ${S}, got ${fmt(mask.shape)}`);
  }
  if (padding) {
    const want = N === null ? [S] : [N, S];
    check(fmt(padding.shape) === fmt(want), where, () => `${names[1]} must have shape ${fmt(want)} (batch, key length), got ${fmt(padding.shape)}`);
  }
}

/**
 * The float mask `[n, n]` that lets position i attend to positions 0..i: 0 on and below the
 * diagonal, -Infinity above, as `nn.Transformer.generate_square_subsequent_mask`.
 * @example const mask = generateSquareSubsequentMask(5); decoder.call(tgt, memory, { tgtMask: mask });
 */
export function generateSquareSubsequentMask(n: number): Tensor {
  checkSize('generateSquareSubsequentMask', 'n', n);
  return tidy(() => maskedFill(zeros([n, n]), gt(reshape(arange(n), [1, n]), reshape(arange(n), [n, 1])), -Infinity));
}
