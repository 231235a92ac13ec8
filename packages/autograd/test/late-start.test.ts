// Autograd records from its first use. A loss computed before that has no graph, and
// backward says so and how to fix it. (A file of its own: nothing may enable autograd first.)
import { expect, it } from 'vitest';
import { tensor, Tensor } from '@tessera/core';
import { backward, enableAutograd } from '../src/index';

it('importing autograd changes nothing until it is used', () => {
  expect('backward' in Tensor.prototype).toBe(false);
});

it('backward of a loss computed before autograd was enabled explains the fix', () => {
  const w = tensor([1, 2], { dtype: 'float32', requiresGrad: true });
  const loss = w.mul(w).sum();
  expect(() => backward(loss)).toThrow(/backward: nothing was recorded for this loss: .*Call enableAutograd\(\) once before the forward pass/);
  expect('backward' in Tensor.prototype).toBe(true);
  const again = w.mul(w).sum();
  backward(again);
  expect(Array.from(w.grad!.dataSync())).toEqual([2, 4]);
  enableAutograd(); // idempotent
  [w, loss, again, w.grad!].forEach((t) => t.dispose());
});
