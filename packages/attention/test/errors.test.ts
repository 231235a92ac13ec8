// Bad input: every function and layer throws an error naming itself, the shapes it got and
// what it expected, and leaves nothing behind (no tensor allocated, no parameter changed).
import { describe, expect, it } from 'vitest';
import { memory, ones, randn, zeros, type Tensor } from '@tessera/core';
import {
  AdditiveAttention, LearnedPositionalEncoding, LinformerAttention, LuongAttention, MultiheadAttention, PerformerAttention,
  applyRotaryEmbedding, favorAttention, scaledDotProductAttention,
} from '../src/index';

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

function withTensors(shapes: number[][], fn: (...ts: Tensor[]) => void): void {
  const ts = shapes.map((s) => randn(s));
  try {
    fn(...ts);
  } finally {
    for (const t of ts) t.dispose();
  }
}

describe('scaledDotProductAttention errors', () => {
  it('rejects a 1-D query, mismatched features and lengths', () => {
    withTensors([[8], [5, 8], [5, 4], [3, 7], [4, 4]], (q1, k, v, q7, v4) => {
      expectError(() => scaledDotProductAttention(q1, k, v), /^scaledDotProductAttention: .*at least 2 dimensions.*query \[8\], key \[5,8\]/);
      expectError(() => scaledDotProductAttention(q7, k, v), /same last dimension.*query \[3,7\], key \[5,8\]/);
      expectError(() => scaledDotProductAttention(k, k, v4), /same length.*value \[4,4\]/);
    });
  });

  it('rejects a mask that does not broadcast, and a mask with isCausal', () => {
    withTensors([[2, 3, 8], [2, 5, 8], [2, 5, 4]], (q, k, v) => {
      const mask = ones([3, 4]).gt(0);
      expectError(() => scaledDotProductAttention(q, k, v, { attnMask: mask }), /attnMask of shape \[3,4\] does not broadcast to the scores' shape \[2,3,5\]/);
      mask.dispose();
      const good = zeros([3, 5]);
      expectError(() => scaledDotProductAttention(q, k, v, { attnMask: good, isCausal: true }), /either attnMask or isCausal/);
      good.dispose();
    });
  });
});

describe('MultiheadAttention errors', () => {
  it('rejects embedDim not divisible by numHeads, before allocating anything', () => {
    expectError(() => new MultiheadAttention(10, 3), /^MultiheadAttention: embedDim must be divisible by numHeads, got embedDim 10 and numHeads 3/);
    expectError(() => new MultiheadAttention(8, 2, { dropout: 1.5 }), /^MultiheadAttention: dropout must be between 0 and 1, got 1.5/);
  });

  it('rejects wrong ranks, a kdim mismatch and masks of the wrong shape; parameters unchanged', async () => {
    const mha = new MultiheadAttention(8, 2, { kdim: 6 });
    const before = await mha.stateDict().q_proj_weight.data();
    withTensors([[3, 2, 8], [5, 2, 6], [5, 2, 8], [1, 3, 2, 8], [5, 2, 8]], (q, k, v, q4, k8) => {
      expectError(() => mha.call(q4, k, v), /^MultiheadAttention: .*all be 3-D \[L, N, E\] or all 2-D.*query \[1,3,2,8\]/);
      expectError(() => mha.call(q, k8, v), /key's last dimension must be kdim=6, got query \[3,2,8\], key \[5,2,8\]/);
      const kpm = zeros([2, 4]).gt(0);
      expectError(() => mha.call(q, k, v, { keyPaddingMask: kpm }), /keyPaddingMask must have shape \[2,5\].*got \[2,4\]/);
      kpm.dispose();
      const mask = zeros([3, 4]);
      expectError(() => mha.call(q, k, v, { attnMask: mask }), /attnMask must have shape \[3,5\] or \[4,3,5\].*got \[3,4\]/);
      mask.dispose();
    });
    expect(await mha.stateDict().q_proj_weight.data()).toEqual(before);
    mha.dispose();
  });
});

describe('other layers and functions', () => {
  it('AdditiveAttention and LuongAttention check ranks, sizes and masks', () => {
    const additive = new AdditiveAttention(6, 4, 5);
    const luong = new LuongAttention(4, 4, { score: 'dot' });
    withTensors([[2, 1, 3, 6], [2, 5, 4], [2, 6], [2, 5, 3], [2, 4]], (q4, keys, q, keys3, qd) => {
      expectError(() => additive.call(q4, keys), /^AdditiveAttention: query must have 2 or 3 dimensions, got shape \[2,1,3,6\]/);
      expectError(() => additive.call(q, keys3), /keys' last dimension must be 4, got query \[2,6\], keys \[2,5,3\]/);
      const mask = zeros([2, 4]).gt(0);
      expectError(() => luong.call(qd, keys, null, { keyPaddingMask: mask }), /^LuongAttention: keyPaddingMask must be bool of shape \[2,5\].*got bool \[2,4\]/);
      mask.dispose();
    });
    expectError(() => new LuongAttention(4, 6, { score: 'dot' }), /'dot' score needs querySize = keySize, got 4 and 6/);
    expectError(() => new LuongAttention(4, 6, { score: 'concat' }), /hiddenSize \(required by the 'concat' score\) must be a positive integer/);
    additive.dispose();
    luong.dispose();
  });

  it('positional encodings check lengths and feature sizes', () => {
    const learned = new LearnedPositionalEncoding(4, 6, { batchFirst: true });
    withTensors([[2, 5, 6], [2, 3, 5], [1, 2, 4, 7], [1, 2, 4, 8]], (long, narrow, odd, q) => {
      expectError(() => learned.call(long), /^LearnedPositionalEncoding: positions 0..4 exceed maxLen 4 \(input \[2,5,6\]\)/);
      expectError(() => learned.call(narrow), /input's last dimension must be 6, got shape \[2,3,5\]/);
      expectError(() => applyRotaryEmbedding(odd, odd, [0, 1, 2, 3]), /^applyRotaryEmbedding: q and k must share an even last dimension, got q \[1,2,4,7\]/);
      expectError(() => applyRotaryEmbedding(q, q, [0, 1, 2]), /same length L.*3 positions/);
    });
    learned.dispose();
  });

  it('Performer and Linformer check features, causality and lengths', () => {
    const linformer = new LinformerAttention(8, 2, 6, 3);
    const performer = new PerformerAttention(8, 2, { causal: true });
    withTensors([[2, 5, 8], [2, 6, 8], [4, 3], [2, 5, 4], [2, 6, 4]], (x5, x6, w, q, k) => {
      expectError(() => linformer.call(x5, x5, x5), /^LinformerAttention: key and value must have seqLen=6 positions.*key \[2,5,8\]/);
      expectError(() => performer.call(x5, x6, x6), /^PerformerAttention: causal attention needs as many queries as keys, got query \[2,5,8\], key \[2,6,8\]/);
      expectError(() => favorAttention(q, k, k, { features: w }), /^favorAttention: features must be \[m, 4\].*got \[4,3\]/);
      expectError(() => favorAttention(q, k, k, { causal: true }), /causal attention needs as many queries as keys/);
    });
    expectError(() => new LinformerAttention(8, 2, 0, 3), /^LinformerAttention: seqLen must be a positive integer, got 0/);
    linformer.dispose();
    performer.dispose();
  });
});
