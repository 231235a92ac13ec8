// What the additive positional encodings share: checking the input and adding a `[L, d]`
// table to `[L, N, d]` or `[N, L, d]` inputs, then dropout.
import { add, dropout, narrow, unsqueeze, type Tensor } from '@tessera/core';
import { check, checkFloat, fmt } from './args.js';

/** Options of the positional encoding modules. */
export interface PositionalEncodingOptions {
  /** Dropout after adding the encoding, while training. Default 0. */
  dropout?: number;
  /** Inputs are `[N, L, d]` rather than `[L, N, d]`. Default false. */
  batchFirst?: boolean;
}

/** `x + table[offset : offset + L]` for x `[L, N, d]` (or `[N, L, d]`, or `[L, d]`), then dropout. */
export function addPositions(where: string, x: Tensor, table: Tensor, batchFirst: boolean, p: number, training: boolean, offset = 0): Tensor {
  checkFloat(where, 'input', x, [2, 3]);
  const [maxLen, d] = table.shape;
  const L = x.shape[x.ndim === 3 && batchFirst ? 1 : 0];
  check(x.shape[x.ndim - 1] === d, where, () => `input's last dimension must be ${d}, got shape ${fmt(x.shape)}`);
  check(Number.isInteger(offset) && offset >= 0 && offset + L <= maxLen, where, () =>
    `positions ${offset}..${offset + L - 1} exceed maxLen ${maxLen} (input ${fmt(x.shape)})`);
  const rows = narrow(table, 0, offset, L);
  const out = add(x, x.ndim === 3 && !batchFirst ? unsqueeze(rows, 1) : rows);
  return p > 0 ? dropout(out, p, training) : out;
}
