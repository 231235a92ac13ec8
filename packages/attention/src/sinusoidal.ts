// The sinusoidal positional encoding of "Attention Is All You Need", as a table and as a module.
import { reshape, tensor, tidy, type Tensor } from '@tessera/core';
import { Module } from '@tessera/layers';
import { check, checkProbability, checkSize } from './args.js';
import { addPositions, type PositionalEncodingOptions } from './positional.js';

/**
 * The `[length, dModel]` table `PE[p, 2i] = sin(p / 10000^(2i/dModel))`,
 * `PE[p, 2i+1] = cos(p / 10000^(2i/dModel))` (dModel even), computed in float64 and
 * rounded once.
 * @example const pe = sinusoidalPositionalEncoding(512, 64);
 */
export function sinusoidalPositionalEncoding(length: number, dModel: number): Tensor {
  checkSize('sinusoidalPositionalEncoding', 'length', length);
  checkSize('sinusoidalPositionalEncoding', 'dModel', dModel);
  check(dModel % 2 === 0, 'sinusoidalPositionalEncoding', () => `dModel must be even, got ${dModel}`);
  const values = new Float32Array(length * dModel);
  for (let p = 0; p < length; p++) {
    for (let i = 0; i < dModel; i += 2) {
      const angle = p * Math.exp((-i * Math.log(10000)) / dModel);
      values[p * dModel + i] = Math.sin(angle);
      values[p * dModel + i + 1] = Math.cos(angle);
    }
  }
  return tidy(() => reshape(tensor(values), [length, dModel]));
}

/** Options of SinusoidalPositionalEncoding. */
export interface SinusoidalPositionalEncodingOptions extends PositionalEncodingOptions {
  /** The longest sequence. Default 5000. */
  maxLen?: number;
}

/**
 * Adds the sinusoidal table to `[L, N, dModel]` inputs (`[N, L, dModel]` with batchFirst),
 * then dropout, as PyTorch's transformer tutorial. The table is a non-persistent buffer `pe`
 * (not in the state dict); there are no parameters.
 * @example const posEnc = new SinusoidalPositionalEncoding(64, { batchFirst: true }); posEnc.call(embedded);
 */
export class SinusoidalPositionalEncoding extends Module {
  readonly dropout: number;
  readonly batchFirst: boolean;

  constructor(readonly dModel: number, options: SinusoidalPositionalEncodingOptions = {}) {
    super();
    this.dropout = options.dropout ?? 0;
    checkProbability('SinusoidalPositionalEncoding', 'dropout', this.dropout);
    this.batchFirst = options.batchFirst ?? false;
    this.registerBuffer('pe', sinusoidalPositionalEncoding(options.maxLen ?? 5000, dModel), false);
  }

  /** `[L, N, dModel]` (or `[N, L, dModel]`, or `[L, dModel]`) → the same shape. */
  forward(x: Tensor): Tensor {
    return addPositions('SinusoidalPositionalEncoding', x, this.getBuffer('pe'), this.batchFirst, this.dropout, this.training);
  }
}
