// Loading autograd is the request for gradients: the PyTorch order (leaves, forward pass,
// backward) works with nothing else called first. A loss computed before the package was
// loaded has no graph, and backward says why. (A file of its own: autograd must not be
// loaded before the first test runs.)
import { expect, it } from 'vitest';
import { tensor, Tensor } from '@tessera/core';

it('before autograd is loaded, tensors have no backward method and nothing is recorded', async () => {
  expect('backward' in Tensor.prototype).toBe(false);
  const w = tensor([1, 2], { dtype: 'float32', requiresGrad: true });
  const early = w.mul(w).sum();
  const { backward } = await import('../src/index');
  expect(() => backward(early)).toThrow(/backward: the loss does not require grad: .*before @tessera\/autograd was first loaded/);
  [w, early].forEach((t) => t.dispose());
});

it('once loaded, backward(loss) after a forward pass is the first autograd call and works', async () => {
  const { backward } = await import('../src/index');
  expect('backward' in Tensor.prototype).toBe(true);
  const w = tensor([1, 2], { dtype: 'float32', requiresGrad: true });
  const x = tensor([3, -1], { dtype: 'float32' });
  const loss = w.mul(x).sum().add(w.mul(w).sum());
  backward(loss);
  expect(Array.from(w.grad!.dataSync())).toEqual([5, 3]);
  const again = w.mul(w).sum();
  again.backward();
  expect(Array.from(w.grad!.dataSync())).toEqual([7, 7]);
  [w, x, loss, again, w.grad!].forEach((t) => t.dispose());
});
