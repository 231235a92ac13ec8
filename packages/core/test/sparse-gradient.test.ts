// SparseGradient, the row-set gradient of sparse embeddings: its checks, its dense
// equivalent (rows sharing an index summed), its ownership of the indices, and moves.
import { expect, it } from 'vitest';
import { memory, ones, sparseGradient, SparseGradient, tensor, tidy } from './setup';
import { describeEachBackend } from '../../../tooling/parity';

describeEachBackend('SparseGradient', (backend) => {
  it('sums the rows at each index into its dense equivalent', async () => {
    const before = memory().numTensors;
    const idx = tensor([2, 0, 2], { dtype: 'int32' });
    const rows = tensor([[1, 2], [3, 4], [5, 6]], { dtype: 'float32' });
    const g = sparseGradient(idx, rows, [4, 2]);
    expect(g).toBeInstanceOf(SparseGradient);
    expect(g.shape).toEqual([3, 2]);
    expect(g.denseShape).toEqual([4, 2]);
    const dense = g.toDense();
    expect(await dense.array()).toEqual([[3, 4], [0, 0], [6, 8], [0, 0]]);
    // The gradient owns its handles: the arguments can go first.
    idx.dispose();
    rows.dispose();
    expect(Array.from(await g.indices.data())).toEqual([2, 0, 2]);
    expect(Array.from(await g.data())).toEqual([1, 2, 3, 4, 5, 6]);
    g.dispose();
    dense.dispose();
    expect(g.indices.isDisposed).toBe(true);
    expect(memory().numTensors).toBe(before);
  });

  it('frees its indices when a tidy() scope frees it', () => {
    const before = memory().numTensors;
    tidy(() => {
      sparseGradient(tensor([1], { dtype: 'int32' }), ones([1, 3]), [2, 3]);
    });
    expect(memory().numTensors).toBe(before);
  });

  it('names what is wrong with its arguments', () => {
    const before = memory().numTensors;
    const idx = tensor([0, 1], { dtype: 'int32' });
    const rows = ones([2, 3]);
    expect(() => sparseGradient(rows, rows, [4, 3])).toThrow('sparseGradient: indices must be int32 and 1-D, got float32 [2,3]');
    const column = idx.reshape([2, 1]);
    expect(() => sparseGradient(idx, column, [4, 1])).toThrow('sparseGradient: values must be float32, got int32 [2,1]');
    column.dispose();
    expect(() => sparseGradient(idx, rows, [4, 2])).toThrow('sparseGradient: values [2,3] must be [2,2] for 2 indices of a [4,2] gradient');
    idx.dispose();
    rows.dispose();
    expect(memory().numTensors).toBe(before);
  });

  it('moves to another backend with its indices', async () => {
    const before = memory().numTensors;
    const g = tidy(() => sparseGradient(tensor([1, 1], { dtype: 'int32' }), ones([2, 2]), [3, 2]));
    const target = backend === 'js' ? 'wasm' : 'js';
    const moved = await g.to(target);
    expect(moved).toBeInstanceOf(SparseGradient);
    expect(moved.backend).toBe(target);
    expect(moved.indices.backend).toBe(target);
    g.set(moved);
    moved.dispose();
    expect(g.backend).toBe(target);
    expect(g.indices.backend).toBe(target);
    const dense = g.toDense();
    expect(await dense.array()).toEqual([[0, 0], [2, 2], [0, 0]]);
    dense.dispose();
    g.dispose();
    expect(memory().numTensors).toBe(before);
  });
});
