// sparseEmbedding: backward leaves a SparseGradient in a leaf table's .grad; where a sparse
// result cannot go (grad() results, recorded backward passes, a table that is not a leaf)
// the gradient is dense, and equal to the dense lookup's.
import { expect, it } from 'vitest';
import { embedding, memory, SparseGradient, tensor, tidy, type Tensor } from '@tessera/core';
import { backward, grad, sparseEmbedding } from '../src/index';
import { describeEachBackend } from '../../../tooling/parity';

describeEachBackend('sparseEmbedding', () => {
  const table = () => tensor([[1, 2], [3, 4], [5, 6]], { dtype: 'float32', requiresGrad: true });
  const ids = () => tensor([[2, 0], [2, 2]], { dtype: 'int32' });
  const loss = (lookup: (i: Tensor, w: Tensor) => Tensor, w: Tensor, i: Tensor) => tidy(() => lookup(i, w).square().sum());

  it('gives backward a sparse gradient equal to the dense lookup\'s', async () => {
    const before = memory().numTensors;
    const [w, v, i] = [table(), table(), ids()];
    const l1 = loss(sparseEmbedding, w, i);
    const l2 = loss(embedding, v, i);
    backward(l1);
    backward(l2);
    expect(w.grad).toBeInstanceOf(SparseGradient);
    const g = w.grad as SparseGradient;
    expect(Array.from(await g.indices.data())).toEqual([2, 0, 2, 2]);
    const dense = g.toDense();
    expect(await dense.array()).toEqual(await (v.grad as Tensor).array());
    for (const t of [w, v, i, l1, l2, dense, g, v.grad as Tensor]) t.dispose();
    expect(memory().numTensors).toBe(before);
  });

  it('gives grad() a dense gradient', async () => {
    const before = memory().numTensors;
    const [w, i] = [table(), ids()];
    const g = grad((x: Tensor) => loss(sparseEmbedding, x, i))(w);
    expect(g).not.toBeInstanceOf(SparseGradient);
    expect(await g.array()).toEqual([[2, 4], [0, 0], [30, 36]]);
    for (const t of [w, i, g]) t.dispose();
    expect(memory().numTensors).toBe(before);
  });

  it('passes a dense gradient on to a table computed from a leaf', async () => {
    const before = memory().numTensors;
    const [w, i] = [table(), ids()];
    const l = tidy(() => loss(sparseEmbedding, w.mul(2), i));
    backward(l);
    expect(w.grad).not.toBeInstanceOf(SparseGradient);
    expect(await (w.grad as Tensor).array()).toEqual([[8, 16], [0, 0], [120, 144]]);
    for (const t of [w, i, l, w.grad as Tensor]) t.dispose();
    expect(memory().numTensors).toBe(before);
  });

  it('names the op when indices or table are wrong', () => {
    const [w, i] = [table(), ids()];
    expect(() => sparseEmbedding(w, w)).toThrow('sparseEmbedding: indices must be int32, got float32 [3,2]');
    expect(() => sparseEmbedding(i, i.float().reshape([-1]))).toThrow('sparseEmbedding: weight must be 2-D [numEmbeddings, dim], got [4]');
    for (const t of [w, i]) t.dispose();
  });
});
