// Creation, dtype inference and readback: the Tensor surface users touch first.
import { expect, it } from 'vitest';
import * as T from './setup';
import { describeEachBackend } from '../../../tooling/parity';

describeEachBackend('tensor', () => {
  it('infers dtypes as torch.tensor does', () => {
    T.tidy(() => {
      expect(T.tensor([1, 2, 3]).dtype).toBe('int32');
      expect(T.tensor([1, 2.5]).dtype).toBe('float32');
      expect(T.tensor([[true, false]]).dtype).toBe('bool');
      expect(T.tensor(new Float32Array([1, 2])).dtype).toBe('float32');
      expect(T.tensor([1, 2], { dtype: 'float32' }).dtype).toBe('float32');
      expect(T.tensor([]).dtype).toBe('float32');
      expect(T.zeros([2]).dtype).toBe('float32');
      expect(T.full([2], true).dtype).toBe('bool');
      expect(T.arange(3).dtype).toBe('int32');
      expect(T.arange(0, 1, 0.5).dtype).toBe('float32');
    });
  });

  it('reports shape, size, ndim and backend, and reads back in every form', async () => {
    const x = T.tensor([[1.5, 2], [3, 4], [5, 6]]);
    expect(x.shape).toEqual([3, 2]);
    expect(x.size).toBe(6);
    expect(x.ndim).toBe(2);
    expect(x.backend).toBe(T.getBackend());
    expect(await x.array()).toEqual([[1.5, 2], [3, 4], [5, 6]]);
    expect(Array.from(await x.data())).toEqual([1.5, 2, 3, 4, 5, 6]);
    // Synchronous reads work where the backend allows them and say why where it does not.
    if (T.getBackend() === 'webgpu') expect(() => x.arraySync()).toThrow(/dataSync: the webgpu backend reads asynchronously: use await t\.data\(\)/);
    else expect(x.arraySync()).toEqual([[1.5, 2], [3, 4], [5, 6]]);
    expect(await T.tensor(7).item()).toBe(7);
    expect(await T.tensor([[true]]).item()).toBe(true);
    expect(await T.tensor([true, false]).array()).toEqual([true, false]);
    expect(String(x)).toBe(`Tensor(shape=[3,2], dtype=float32, backend=${T.getBackend()})`);
    x.dispose();
  });

  it('returns copies: mutating read values does not change the tensor', async () => {
    const x = T.tensor([1, 2, 3]);
    (await x.data())[0] = 100;
    expect(Array.from(await x.data())).toEqual([1, 2, 3]);
    x.dispose();
  });

  it('converts dtypes with truncation and != 0', async () => {
    const [truncated, nonzero, numbers, cloned] = T.tidy(() => [
      T.tensor([1.7, -1.7, 0.2]).int(),
      T.tensor([0, 2, -0.5]).bool(),
      T.tensor([true, false]).float(),
      T.tensor([1, 2]).clone(),
    ]);
    expect(Array.from(await truncated.data())).toEqual([1, -1, 0]);
    expect(Array.from(await nonzero.data())).toEqual([0, 1, 1]);
    expect(Array.from(await numbers.data())).toEqual([1, 0]);
    expect(cloned.dtype).toBe('int32');
    [truncated, nonzero, numbers, cloned].forEach((t) => t.dispose());
  });

  it('copies a tensor to another backend with to()', async () => {
    const x = T.tensor([[1, 2], [3, 4]], { dtype: 'float32' });
    const y = await x.to('js');
    expect(y.backend).toBe('js');
    expect(await y.array()).toEqual([[1, 2], [3, 4]]);
    x.dispose();
    y.dispose();
  });

  it('creates with requiresGrad on float32 only', () => {
    const x = T.tensor([1.5], { requiresGrad: true });
    expect(x.requiresGrad).toBe(true);
    x.dispose();
  });
});
