// A learned absolute positional encoding (BERT, GPT-2): one trained vector per position.
import { zeros, type Tensor } from '@tessera/core';
import { Module, init } from '@tessera/layers';
import { checkProbability, checkSize } from './args.js';
import { addPositions, type PositionalEncodingOptions } from './positional.js';

/**
 * Adds a learned `weight` `[maxLen, dModel]` (N(0, 1) at first, as nn.Embedding) row per
 * position to `[L, N, dModel]` inputs (`[N, L, dModel]` with batchFirst), then dropout.
 * `offset` shifts the positions (decoding one step at a time).
 * @example const posEnc = new LearnedPositionalEncoding(1024, 64, { batchFirst: true }); posEnc.call(embedded);
 */
export class LearnedPositionalEncoding extends Module {
  readonly dropout: number;
  readonly batchFirst: boolean;

  constructor(readonly maxLen: number, readonly dModel: number, options: PositionalEncodingOptions = {}) {
    super();
    checkSize('LearnedPositionalEncoding', 'maxLen', maxLen);
    checkSize('LearnedPositionalEncoding', 'dModel', dModel);
    this.dropout = options.dropout ?? 0;
    checkProbability('LearnedPositionalEncoding', 'dropout', this.dropout);
    this.batchFirst = options.batchFirst ?? false;
    this.registerParameter('weight', init.normal(zeros([maxLen, dModel])));
  }

  /** `[L, N, dModel]` (or `[N, L, dModel]`, or `[L, dModel]`) → the same shape; positions start at `offset`. */
  forward(x: Tensor, offset = 0): Tensor {
    return addPositions('LearnedPositionalEncoding', x, this.getParameter('weight'), this.batchFirst, this.dropout, this.training, offset);
  }
}
