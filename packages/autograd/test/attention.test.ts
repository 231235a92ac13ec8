// Gradients of the fused scaledDotProductAttention against PyTorch (fixtures in core's
// test/fixtures/attention.json): query, key, value and a float mask, on every backend; the
// backward pass frees what it saved; double backward fails clearly.
import { beforeAll, expect, it } from 'vitest';
import { memory, randn, resetPeakBytes, scaledDotProductAttention, sum, tidy, type Tensor } from '@tessera/core';
import { backward, enableAutograd, grad } from '../src/index';
import { decodeTensor, describeEachBackend, expectClose } from '../../../tooling/parity';
import { attentionCases, decodeAttentionCase } from '../../core/test/attention-cases';

const ATOL = 1e-4;
const RTOL = 2e-3;

beforeAll(() => {
  enableAutograd();
});

describeEachBackend('scaledDotProductAttention gradients', () => {
  for (const c of attentionCases) {
    it(c.name, async () => {
      const before = memory().numTensors;
      const { query, key, value, options, created } = decodeAttentionCase(c);
      const leaves: [Tensor, keyof typeof c.grads][] = [[query, 'query'], [key, 'key'], [value, 'value']];
      if (c.grads.attnMask && options.attnMask) leaves.push([options.attnMask, 'attnMask']);
      for (const [leaf] of leaves) leaf.requiresGrad = true;
      const out = scaledDotProductAttention(query, key, value, options);
      const upstream = decodeTensor(c.upstream);
      backward(out, upstream);
      for (const [leaf, name] of leaves) {
        expect(leaf.grad, `gradient of ${name}`).not.toBeNull();
        await expectClose(leaf.grad as Tensor, c.grads[name] as NonNullable<typeof c.grads[typeof name]>, ATOL, RTOL);
      }
      for (const t of [out, upstream, ...leaves.map(([l]) => l.grad as Tensor), ...created]) t.dispose();
      expect(memory().numTensors).toBe(before);
    });
  }

  it('holds a flat tensor count over repeated forward and backward passes', () => {
    const q = tidy(() => randn([2, 2, 12, 8]));
    const k = tidy(() => randn([2, 2, 10, 8]));
    const v = tidy(() => randn([2, 2, 10, 4]));
    const mask = tidy(() => randn([12, 10]));
    for (const t of [q, k, v, mask]) t.requiresGrad = true;
    const counts: number[] = [];
    for (let step = 0; step < 5; step++) {
      const loss = tidy(() => sum(scaledDotProductAttention(q, k, v, { attnMask: mask }).square()));
      backward(loss);
      loss.dispose();
      for (const t of [q, k, v, mask]) {
        t.grad?.dispose();
        t.grad = null;
      }
      counts.push(memory().numTensors);
    }
    expect(new Set(counts).size).toBe(1);
    [q, k, v, mask].forEach((t) => t.dispose());
  });

  it('never holds an L×S score matrix: peak storage stays far below one', () => {
    const [L, S, E] = [512, 512, 8];
    const q = tidy(() => randn([1, L, E]));
    const k = tidy(() => randn([1, S, E]));
    const v = tidy(() => randn([1, S, E]));
    for (const t of [q, k, v]) t.requiresGrad = true;
    resetPeakBytes();
    const start = memory().numBytes;
    const loss = tidy(() => sum(scaledDotProductAttention(q, k, v, { isCausal: true }).square()));
    backward(loss);
    const scoreBytes = L * S * 4;
    expect(memory().peakBytes - start).toBeLessThan(scoreBytes / 4);
    [loss, q, k, v, q.grad as Tensor, k.grad as Tensor, v.grad as Tensor].forEach((t) => t.dispose());
  });

  it('refuses a double backward with a clear error', () => {
    const q = tidy(() => randn([3, 4]));
    const k = tidy(() => randn([5, 4]));
    const before = memory().numTensors;
    const inner = (x: Tensor) => sum(scaledDotProductAttention(x, k, k));
    const outer = (x: Tensor) => sum(grad(inner)(x));
    expect(() => grad(outer)(q)).toThrow(/^scaledDotProductAttention: double backward \(a gradient of the gradient, through attentionQueryGrad\) is not supported/);
    expect(memory().numTensors).toBeLessThanOrEqual(before);
    [q, k].forEach((t) => t.dispose());
  });
});
