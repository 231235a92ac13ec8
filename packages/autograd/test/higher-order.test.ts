// Second-order gradients: grad of grad against PyTorch's double backward (Hessian-vector
// products) for the elementwise ops, matmul, sum/mean, softmax, tanh/sigmoid and some
// compositions, on every backend; and grad(grad(f)) of scalar functions in closed form.
import { expect, it } from 'vitest';
import { add, memory, mul, sum, tensor, type Tensor } from '@tessera/core';
import { grad } from '../src/index';
import { decodeTensor, describeEachBackend, expectClose } from '../../../tooling/parity';
import { argAt, callOp, decodeArgs, secondCases, withArgs } from './cases';

describeEachBackend('second-order gradients', () => {
  for (const c of secondCases) {
    it(`${c.name} matches PyTorch`, async () => {
      const before = memory().numTensors;
      const { args, created } = decodeArgs(c.args);
      const leaves = c.grad.map((path) => argAt(args, path) as Tensor);
      const weight = decodeTensor(c.weight);
      const vectors = c.vectors.map(decodeTensor);
      const positions = leaves.map((_, k) => k);
      // s = Σ weight·op(x); the projected first derivative Σ_k v_k·∂s/∂x_k, differentiated again.
      const s = (...xs: Tensor[]) => sum(mul(callOp(c.op, withArgs(args, c.grad, xs)) as Tensor, weight));
      const projected = (...xs: Tensor[]) => grad(s, positions)(...xs).map((g, k) => sum(mul(g, vectors[k]))).reduce((a, b) => add(a, b));
      const hessianVector = grad(projected, positions)(...leaves);
      for (const [k, h] of hessianVector.entries()) await expectClose(h, c.grads[k], 1e-4, 2e-3);
      for (const t of [...hessianVector, weight, ...vectors, ...created]) t.dispose();
      // At most: a graph left by an earlier failed case may be freed here.
      expect(memory().numTensors).toBeLessThanOrEqual(before);
    });
  }

  it('grad(grad(f)) of scalar functions', async () => {
    const x = tensor(0.7, { dtype: 'float32' });
    const cases: [string, (t: Tensor) => Tensor, (v: number) => number][] = [
      ['tanh', (t) => t.tanh(), (v) => -2 * Math.tanh(v) * (1 - Math.tanh(v) ** 2)],
      ['sigmoid', (t) => t.sigmoid(), (v) => {
        const s = 1 / (1 + Math.exp(-v));
        return s * (1 - s) * (1 - 2 * s);
      }],
      ['x³', (t) => t.pow(3), (v) => 6 * v],
      ['x·exp(x)', (t) => t.mul(t.exp()), (v) => (2 + v) * Math.exp(v)],
      ['1/x', (t) => t.reciprocal(), (v) => 2 / v ** 3],
    ];
    for (const [name, f, expected] of cases) {
      const second = grad(grad(f));
      const value = second(x);
      expect((await value.data())[0], name).toBeCloseTo(expected(0.7), 4);
      value.dispose();
    }
    const third = grad(grad(grad((t: Tensor) => t.pow(4))))(x);
    expect((await third.data())[0]).toBeCloseTo(24 * 0.7, 4);
    third.dispose();
    x.dispose();
  });

  it('differentiates elementwise gradients of vectors through sum()', async () => {
    const x = tensor([-1, 0.5, 2], { dtype: 'float32' });
    const before = memory().numTensors;
    const secondDerivative = grad((t: Tensor) => grad((u: Tensor) => u.tanh().sum())(t).sum())(x);
    const expected = [-1, 0.5, 2].map((v) => -2 * Math.tanh(v) * (1 - Math.tanh(v) ** 2));
    Array.from(await secondDerivative.data()).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 5));
    secondDerivative.dispose();
    expect(memory().numTensors).toBe(before);
    x.dispose();
  });

  it('differentiates through gradients of closed-over tracked tensors', async () => {
    // f(x, w) = sum(w·x²); ∂f/∂x = 2wx; the mixed derivative of Σ ∂f/∂x w.r.t. w is 2x.
    const x = tensor([1, 2, 3], { dtype: 'float32' });
    const w = tensor([0.5, -1, 2], { dtype: 'float32' });
    const mixed = grad((wt: Tensor) => grad((xt: Tensor) => xt.square().mul(wt).sum())(x).sum())(w);
    expect(Array.from(await mixed.data())).toEqual([2, 4, 6]);
    [x, w, mixed].forEach((t) => t.dispose());
  });
});
