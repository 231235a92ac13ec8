// Memory: a backward pass frees what the forward pass saved for it, and training loops of
// any length hold a flat tensor count, on every backend.
import { beforeAll, expect, it } from 'vitest';
import { manualSeed, memory, mseLoss, randn, relu, sum, tensor, tidy, type Tensor } from '@tessera/core';
import { backward, enableAutograd, grad, noGrad, valueAndGrad, zeroGrad } from '../src/index';
import { describeEachBackend } from '../../../tooling/parity';

/** An 8 → 16 → 1 perceptron with its parameters, on fixed data. */
function mlp() {
  manualSeed(7);
  const x = randn([32, 8]);
  const y = tidy(() => sum(x.slice(1, 0, 4), 1, true).mul(0.5).tanh());
  const params = tidy(() => [randn([8, 16]).mul(0.3), randn([16]).mul(0.1), randn([16, 1]).mul(0.3), randn([1]).mul(0.1)]);
  for (const p of params) p.requiresGrad = true;
  const forward = (w1: Tensor, b1: Tensor, w2: Tensor, b2: Tensor) => relu(x.matmul(w1).add(b1)).matmul(w2).add(b2);
  const dispose = () => [x, y, ...params].forEach((t) => {
    t.grad?.dispose();
    t.dispose();
  });
  return { x, y, params, forward, dispose };
}

beforeAll(() => {
  enableAutograd();
});

describeEachBackend('memory', () => {
  it('frees the tensors saved for backward when it completes', () => {
    const w = tensor([[0.5, -1], [2, 1]], { dtype: 'float32', requiresGrad: true });
    const x = tensor([[1, 2], [3, 4]], { dtype: 'float32' });
    const before = memory().numTensors;
    const loss = tidy(() => x.matmul(w).tanh().mul(x).sum());
    expect(memory().numTensors).toBeGreaterThan(before + 1); // loss and the saved tensors
    backward(loss);
    expect(memory().numTensors).toBe(before + 2); // loss and w.grad
    [loss, w, x, w.grad as Tensor].forEach((t) => t.dispose());
  });

  it('keeps the saved tensors with retainGraph until a last backward pass', () => {
    const w = tensor([1.5, -2], { dtype: 'float32', requiresGrad: true });
    const before = memory().numTensors;
    const loss = tidy(() => w.exp().mul(w).sum());
    const withGraph = memory().numTensors;
    backward(loss, null, { retainGraph: true });
    expect(memory().numTensors).toBe(withGraph + 1); // + w.grad
    backward(loss);
    expect(memory().numTensors).toBe(before + 2);
    [loss, w, w.grad as Tensor].forEach((t) => t.dispose());
  });

  it('frees a graph that fed only a comparison, or was dropped without backward', () => {
    const x = tensor([1, -2, 3], { dtype: 'float32', requiresGrad: true });
    const before = memory().numTensors;
    // logsumexp shifts by a max that only reaches the loss through a comparison.
    const loss = tidy(() => x.exp().logsumexp(0));
    backward(loss);
    const dropped = tidy(() => x.sin().mul(x).sum());
    dropped.dispose();
    const second = tidy(() => x.sum());
    backward(second);
    expect(memory().numTensors).toBe(before + 3); // both losses and x.grad
    [x, loss, second, x.grad as Tensor].forEach((t) => t.dispose());
  });

  it('keeps every graph a live tensor can reach', async () => {
    const x = tensor([0.5, 1], { dtype: 'float32', requiresGrad: true });
    // Both roots save nothing; what they need sits in nodes whose outputs tidy disposed.
    const a = tidy(() => x.exp().add(1).sum());
    const b = tidy(() => x.mul(3).sum());
    backward(b);
    backward(a);
    const expected = [0.5, 1].map((v) => 3 + Math.exp(v));
    Array.from(await (x.grad as Tensor).data()).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 5));
    // A chain long enough that sweeps run while it is recorded.
    let h = x;
    for (let i = 0; i < 1500; i++) {
      const previous = h;
      h = tidy(() => previous.mul(0.5).exp().add(0.1));
      if (previous !== x) previous.dispose();
    }
    const loss = tidy(() => h.sum());
    expect(() => backward(loss)).not.toThrow();
    [x, a, b, h, loss, x.grad as Tensor].forEach((t) => t.dispose());
  });

  it('a 1,000-step SGD training loop holds a flat tensor count', async () => {
    const { y, params, forward, dispose } = mlp();
    const losses: number[] = [];
    let atStep10 = { numTensors: 0, numBytes: 0 };
    for (let step = 1; step <= 1000; step++) {
      const loss = tidy(() => mseLoss(forward(params[0], params[1], params[2], params[3]), y));
      backward(loss);
      noGrad(() => tidy(() => {
        for (const p of params) p.assign(p.sub((p.grad as Tensor).mul(0.1)));
      }));
      zeroGrad(params);
      if (step === 1 || step === 1000) losses.push((await loss.item()) as number);
      loss.dispose();
      if (step === 10) atStep10 = memory();
    }
    expect(memory().numTensors).toBe(atStep10.numTensors);
    expect(memory().numBytes).toBe(atStep10.numBytes);
    expect(losses[1]).toBeLessThan(losses[0] * 0.5);
    dispose();
  });

  it('gradients accumulated in place and zeroed in place hold a flat tensor count', () => {
    const { y, params, forward, dispose } = mlp();
    let atStep10 = 0;
    for (let step = 1; step <= 200; step++) {
      for (let micro = 0; micro < 2; micro++) {
        const loss = tidy(() => mseLoss(forward(params[0], params[1], params[2], params[3]), y));
        backward(loss);
        loss.dispose();
      }
      noGrad(() => tidy(() => {
        for (const p of params) p.assign(p.sub((p.grad as Tensor).mul(0.05)));
      }));
      zeroGrad(params, { setToNone: false });
      if (step === 10) atStep10 = memory().numTensors;
    }
    expect(memory().numTensors).toBe(atStep10);
    dispose();
  });

  it('valueAndGrad and grad(grad(f)) in a loop hold a flat tensor count', () => {
    const { y, params, forward, dispose } = mlp();
    const lossOf = (w1: Tensor, b1: Tensor, w2: Tensor, b2: Tensor) => mseLoss(forward(w1, b1, w2, b2), y);
    const x = tensor([0.3, -0.2], { dtype: 'float32' });
    let atStep10 = 0;
    for (let step = 1; step <= 200; step++) {
      const [loss, grads] = valueAndGrad(lossOf, [0, 1, 2, 3])(params[0], params[1], params[2], params[3]);
      noGrad(() => tidy(() => params.forEach((p, i) => p.assign(p.sub(grads[i].mul(0.1))))));
      [loss, ...grads].forEach((t) => t.dispose());
      grad((t: Tensor) => grad((u: Tensor) => u.tanh().mul(u).sum())(t).sum())(x).dispose();
      if (step === 10) atStep10 = memory().numTensors;
    }
    expect(memory().numTensors).toBe(atStep10);
    x.dispose();
    dispose();
  });
});
