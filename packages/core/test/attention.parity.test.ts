// scaledDotProductAttention against PyTorch 2's math path (fixtures/attention.json) on every
// backend, its errors for bad shapes and options, and its memory behaviour.
import { expect, it } from 'vitest';
import { describeEachBackend, expectClose } from '../../../tooling/parity';
import { memory, ones, scaledDotProductAttention, tensor, tidy, zeros } from '../src/index';
import { attentionCases, decodeAttentionCase } from './attention-cases';

describeEachBackend('scaledDotProductAttention', () => {
  for (const c of attentionCases) {
    it(c.name, async () => {
      const before = memory().numTensors;
      const { query, key, value, options, created } = decodeAttentionCase(c);
      const out = scaledDotProductAttention(query, key, value, options);
      await expectClose(out, c.output);
      for (const t of [out, ...created]) t.dispose();
      expect(memory().numTensors).toBe(before);
    });
  }

  it('gives zeros for a row whose keys are all masked out (PyTorch >= 2.5 safe softmax)', async () => {
    const mask = tensor([[true, true], [false, false]]);
    const [q, k, v] = [ones([2, 3]), ones([2, 3]), ones([2, 4])];
    const out = scaledDotProductAttention(q, k, v, { attnMask: mask });
    expect(Array.from(await out.data())).toEqual([1, 1, 1, 1, 0, 0, 0, 0]);
    [mask, q, k, v, out].forEach((t) => t.dispose());
  });

  const q = () => zeros([2, 3, 4, 8]);
  const errors: [string, () => unknown, RegExp][] = [
    ['rank', () => scaledDotProductAttention(zeros([8]), q(), q()), /^scaledDotProductAttention: query must have at least 2 dimensions \(\[\.\.\., rows, features\]\), got \[8\]/],
    ['dtype', () => scaledDotProductAttention(zeros([4, 8], { dtype: 'int32' }), q(), q()), /^scaledDotProductAttention: query must be float32, got int32/],
    ['key depth', () => scaledDotProductAttention(q(), zeros([2, 3, 5, 6]), zeros([2, 3, 5, 8])),
      /^scaledDotProductAttention: key's last dimension must equal query's \(E\): query \[2,3,4,8\], key \[2,3,5,6\], value \[2,3,5,8\]/],
    ['value rows', () => scaledDotProductAttention(q(), zeros([2, 3, 5, 8]), zeros([2, 3, 6, 8])),
      /^scaledDotProductAttention: value must have as many rows as key \(S\): query \[2,3,4,8\], key \[2,3,5,8\], value \[2,3,6,8\]/],
    ['batch', () => scaledDotProductAttention(q(), zeros([4, 3, 5, 8]), zeros([4, 3, 5, 8])),
      /^scaledDotProductAttention: batch dimensions do not broadcast: query \[2,3,4,8\], key \[4,3,5,8\], value \[4,3,5,8\]/],
    ['mask shape', () => scaledDotProductAttention(q(), q(), q(), { attnMask: zeros([3, 4, 5]) }),
      /^scaledDotProductAttention: attnMask of shape \[3,4,5\] does not broadcast to the scores' shape \[2,3,4,4\] \(\[\.\.\., L, S\]\)/],
    ['mask rank', () => scaledDotProductAttention(q(), q(), q(), { attnMask: zeros([1, 2, 3, 4, 4]) }),
      /^scaledDotProductAttention: attnMask of shape \[1,2,3,4,4\] does not broadcast to the scores' shape \[2,3,4,4\]/],
    ['mask dtype', () => scaledDotProductAttention(q(), q(), q(), { attnMask: zeros([4, 4], { dtype: 'int32' }) }),
      /^scaledDotProductAttention: attnMask must be bool or float32, got int32 \(shape \[4,4\]\)/],
    ['mask and causal', () => scaledDotProductAttention(q(), q(), q(), { attnMask: zeros([4, 4]), isCausal: true }),
      /^scaledDotProductAttention: attnMask and isCausal cannot both be set \(as in PyTorch\): got a mask of shape \[4,4\] with isCausal true/],
    ['scale', () => scaledDotProductAttention(q(), q(), q(), { scale: NaN }), /^scaledDotProductAttention: scale must be a finite number, got NaN/],
  ];
  for (const [name, fn, pattern] of errors) {
    it(`rejects bad input: ${name}`, () => {
      const before = memory().numTensors;
      // tidy frees the arguments built for the call; the op must leave nothing else behind.
      expect(() => tidy(fn)).toThrow(pattern);
      expect(memory().numTensors).toBe(before);
    });
  }
});
