// Bad input: every module throws an error naming itself, the shapes it got and what it
// expected, before anything is allocated or computed (the tensor count is unchanged).
import { afterAll, describe, expect, it } from 'vitest';
import { memory, ones, randn, zeros, type Tensor } from '@tessera/core';
import { Transformer, TransformerDecoderLayer, TransformerEncoder, TransformerEncoderLayer, generateSquareSubsequentMask } from '../src/index';

/** Expects `fn` to throw a message matching every pattern, with the tensor count unchanged. */
function expectError(fn: () => unknown, ...patterns: RegExp[]): void {
  const before = memory().numTensors;
  let message = '';
  try {
    fn();
  } catch (error) {
    message = (error as Error).message;
  }
  for (const pattern of patterns) expect(message).toMatch(pattern);
  expect(memory().numTensors).toBe(before);
}

describe('constructor errors', () => {
  it('rejects dModel not divisible by nhead, bad sizes and options', () => {
    expectError(() => new TransformerEncoderLayer(10, 3), /^TransformerEncoderLayer: dModel must be divisible by nhead, got dModel 10 and nhead 3/);
    expectError(() => new TransformerDecoderLayer(8, 3), /^TransformerDecoderLayer: dModel must be divisible by nhead/);
    expectError(() => new Transformer({ dModel: 12, nhead: 5 }), /^TransformerEncoderLayer: dModel must be divisible by nhead, got dModel 12 and nhead 5/);
    expectError(() => new TransformerEncoderLayer(8, 2, { dropout: 1.5 }), /dropout must be between 0 and 1, got 1.5/);
    expectError(() => new TransformerEncoderLayer(8, 2, { activation: 'tanh' as 'relu' }), /activation must be 'relu', 'gelu' or a function, got tanh/);
    expectError(() => new TransformerEncoderLayer(8, 2, { dimFeedforward: 0 }), /dimFeedforward must be a positive integer, got 0/);
    expectError(() => generateSquareSubsequentMask(-1), /^generateSquareSubsequentMask: n must be a positive integer, got -1/);
  });

  it('rejects a stack of zero layers', () => {
    const layer = new TransformerEncoderLayer(8, 2, { dimFeedforward: 8 });
    expectError(() => new TransformerEncoder(layer, 0), /^TransformerEncoder: numLayers must be a positive integer, got 0/);
    layer.dispose();
  });
});

describe('forward errors', () => {
  const encoder = new TransformerEncoderLayer(8, 2, { dimFeedforward: 8 });
  const decoder = new TransformerDecoderLayer(8, 2, { dimFeedforward: 8, batchFirst: true });
  const model = new Transformer({ dModel: 8, nhead: 2, numEncoderLayers: 1, numDecoderLayers: 1, dimFeedforward: 8 });
  const src = randn([5, 2, 8]);
  const tgt = randn([2, 3, 8]);
  const memoryBf = randn([2, 4, 8]);
  const held: Tensor[] = [src, tgt, memoryBf];
  const t = (x: Tensor) => (held.push(x), x);
  afterAll(() => {
    for (const x of held) x.dispose();
    for (const m of [encoder, decoder, model]) m.dispose();
  });

  it('names wrong feature sizes and ranks', () => {
    const src6 = t(randn([5, 2, 6]));
    const vector = t(randn([8]));
    const memoryBatch3 = t(randn([3, 4, 8]));
    const tgtBatch3 = t(randn([3, 4, 8]));
    expectError(() => encoder.call(src6), /^TransformerEncoderLayer: src's last dimension must be dModel=8, got shape \[5,2,6\]/);
    expectError(() => encoder.call(vector), /src must be \[L, N, E\] or unbatched \[L, E\], got shape \[8\]/);
    expectError(() => decoder.call(tgt, memoryBatch3), /^TransformerDecoderLayer: tgt and memory must have the same batch size.*tgt \[2,3,8\] and memory \[3,4,8\]/);
    expectError(() => model.call(src, tgtBatch3), /^Transformer: src and tgt must have the same batch size.*src \[5,2,8\] and tgt \[3,4,8\]/);
  });

  it('names wrong mask shapes and dtypes', () => {
    const mask4x5 = t(zeros([4, 5]));
    const paddingTransposed = t(zeros([5, 2], { dtype: 'bool' }));
    const paddingInt = t(ones([2, 5], { dtype: 'int32' }));
    const memoryMask3x3 = t(zeros([3, 3]));
    const tgtMask3x4 = t(zeros([3, 4]));
    const memoryPadding2x3 = t(zeros([2, 3], { dtype: 'bool' }));
    const tgt3 = t(randn([3, 2, 8]));
    const srcMask3x3 = t(zeros([3, 3]));
    expectError(() => encoder.call(src, { srcMask: mask4x5 }), /^TransformerEncoderLayer: srcMask must have shape \[5,5\] or \[4,5,5\].*got \[4,5\]/);
    expectError(() => encoder.call(src, { srcKeyPaddingMask: paddingTransposed }), /srcKeyPaddingMask must have shape \[2,5\] \(batch, key length\), got \[5,2\]/);
    expectError(() => encoder.call(src, { srcKeyPaddingMask: paddingInt }), /srcKeyPaddingMask must be bool or float32, got int32/);
    expectError(() => decoder.call(tgt, memoryBf, { memoryMask: memoryMask3x3 }), /^TransformerDecoderLayer: memoryMask must have shape \[3,4\] or \[4,3,4\]/);
    expectError(() => decoder.call(tgt, memoryBf, { tgtMask: tgtMask3x4 }), /tgtMask must have shape \[3,3\] or \[4,3,3\]/);
    expectError(() => decoder.call(tgt, memoryBf, { memoryKeyPaddingMask: memoryPadding2x3 }), /memoryKeyPaddingMask must have shape \[2,4\]/);
    expectError(() => model.call(src, tgt3, { srcMask: srcMask3x3 }), /^TransformerEncoderLayer: srcMask must have shape \[5,5\]/);
  });
});
