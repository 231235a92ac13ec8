// Bad input gets a clear error naming what was wrong and what to do instead.
import { beforeAll, expect, it } from 'vitest';
import { argmax, tensor, tidy, type Tensor } from '@tessera/core';
import { backward, enableAutograd, grad, noGrad, valueAndGrad } from '../src/index';
import { describeEachBackend } from '../../../tooling/parity';

const floats = (values: number[], requiresGrad = false) => tensor(values, { dtype: 'float32', requiresGrad });

beforeAll(() => {
  enableAutograd();
});

describeEachBackend('autograd errors', () => {
  it('backward of a loss with several elements needs a gradient', () => {
    const x = floats([1, 2], true);
    const y = x.mul(2);
    expect(() => backward(y)).toThrow('backward: a gradient can be created implicitly only for a loss with one element, got shape [2]');
    const wrong = floats([1, 2, 3]);
    expect(() => backward(y, wrong)).toThrow("backward: the gradient must be a float32 tensor of the loss's shape [2], got float32 [3]");
    [x, y, wrong].forEach((t) => t.dispose());
  });

  it('a second backward through a freed graph names retainGraph', () => {
    const x = floats([1, 2], true);
    const loss = tidy(() => x.exp().sum());
    backward(loss);
    expect(() => backward(loss)).toThrow(/backward: trying to run backward through the graph a second time .*retainGraph: true/);
    [x, loss, x.grad as Tensor].forEach((t) => t.dispose());
  });

  it('an in-place update of a tensor the graph needs is caught', () => {
    const w = floats([1, 2], true);
    const loss = tidy(() => w.mul(w).sum());
    tidy(() => noGrad(() => w.assign(w.add(1))));
    expect(() => backward(loss)).toThrow(
      'backward: a tensor of shape [2] that the gradient of binary needs was modified in place by assign() after it was used (it is at version 1, expected 0)',
    );
    // A graph that did not save w (addition) does not mind.
    const sum = tidy(() => w.add(1).sum());
    tidy(() => noGrad(() => w.assign(w.add(1))));
    expect(() => backward(sum)).not.toThrow();
    [w, loss, sum, w.grad as Tensor].forEach((t) => t.dispose());
  });

  it('outputs that are not differentiable say so', () => {
    const x = floats([1, 3, 2], true);
    const index = argmax(x);
    expect(() => backward(index)).toThrow('backward: the loss is int32; only float32 tensors have gradients (argmax/argmin, comparisons and integer results are not differentiable)');
    const constant = floats([1]);
    expect(() => backward(constant)).toThrow(/backward: the loss does not require grad/);
    const untracked = noGrad(() => x.sum());
    expect(() => backward(untracked)).toThrow(/computed inside noGrad\(\)/);
    [x, index, constant, untracked].forEach((t) => t.dispose());
  });

  it('grad checks its function and arguments', () => {
    const x = floats([1, 2]);
    const ints = tensor([1, 2]);
    expect(() => grad((t: Tensor) => t.mul(2))(x)).toThrow('grad: the function must return a float32 tensor with one element, got float32 [2]; reduce it with sum() or mean()');
    expect(() => grad((_x: Tensor, i: Tensor) => i.sum(), 1)(x, ints)).toThrow('grad: argument 1 is int32 [2]; only float32 arguments can be differentiated');
    expect(() => valueAndGrad((t: Tensor) => t.sum(), 2)(x)).toThrow('valueAndGrad: argnums 2 is out of range for a call with 1 argument(s)');
    expect(() => grad((t: Tensor) => argmax(t))(x)).toThrow('grad: the function must return a float32 tensor with one element, got int32 []');
    [x, ints].forEach((t) => t.dispose());
  });

  it('noGrad refuses async functions', () => {
    expect(() => noGrad(async () => 1)).toThrow('noGrad: the function must not be async');
  });
});
