// The public API's behaviour: what requires grad, accumulation into .grad, detach, grad
// modes, the functional forms, createGraph and gradcheck, on every backend.
import { beforeAll, expect, it } from 'vitest';
import { argmax, cast, dropout, eq, manualSeed, memory, randn, sum, tensor, tidy, type Tensor } from '@tessera/core';
import {
  backward,
  detach,
  enableAutograd,
  enableGrad,
  grad,
  gradcheck,
  isGradEnabled,
  noGrad,
  valueAndGrad,
  zeroGrad,
} from '../src/index';
import { describeEachBackend } from '../../../tooling/parity';

const floats = (values: number[] | number[][], requiresGrad = false) => tensor(values, { dtype: 'float32', requiresGrad });
const read = async (t: Tensor | null) => Array.from(await (t as Tensor).data());

beforeAll(() => {
  enableAutograd();
});

describeEachBackend('autograd API', () => {
  it('records results of tracked tensors, and only float32 results', () => {
    const x = floats([1, 2, 3], true);
    const plain = floats([1, 1, 1]);
    const y = x.mul(plain);
    expect(y.requiresGrad).toBe(true);
    expect(y.gradFn).not.toBeNull();
    const z = plain.exp();
    expect(z.requiresGrad).toBe(false);
    expect(z.gradFn).toBeNull();
    const outputs = [argmax(x), x.gt(0), cast(x, 'int32'), eq(x, plain)];
    expect(outputs.map((t) => t.requiresGrad)).toEqual([false, false, false, false]);
    [x, plain, y, z, ...outputs].forEach((t) => t.dispose());
  });

  it('accumulates gradients into .grad across backward calls, and zeroGrad clears them', async () => {
    const w = floats([1, -2], true);
    for (let i = 0; i < 2; i++) {
      const loss = tidy(() => w.mul(w).sum());
      backward(loss);
      loss.dispose();
    }
    expect(await read(w.grad)).toEqual([4, -8]);
    const held = w.grad as Tensor;
    zeroGrad([w], { setToNone: false });
    expect(w.grad).toBe(held);
    expect(await read(w.grad)).toEqual([0, 0]);
    zeroGrad([w]);
    expect(w.grad).toBeNull();
    expect(held.isDisposed).toBe(true);
    w.dispose();
  });

  it('takes the gradient of a non-scalar output, and loss.backward() works as a method', async () => {
    const x = floats([1, 2], true);
    const y = x.square();
    const upstream = floats([1, 0.5]);
    backward(y, upstream);
    expect(await read(x.grad)).toEqual([2, 2]);
    const loss = tidy(() => x.mul(3).sum());
    loss.backward();
    expect(await read(x.grad)).toEqual([5, 5]);
    [x, y, upstream, loss, x.grad as Tensor].forEach((t) => t.dispose());
  });

  it('gives the gradient of a leaf with respect to itself', async () => {
    const x = floats([2], true);
    const seed = floats([3]);
    backward(x, seed);
    expect(await read(x.grad)).toEqual([3]);
    seed.dispose();
    expect(await read(x.grad)).toEqual([3]); // a copy, not the caller's seed
    [x, x.grad as Tensor].forEach((t) => t.dispose());
  });

  it('detach cuts the graph, as a function and as a method', async () => {
    const x = floats([1, 2], true);
    const d = detach(x);
    const m = x.detach();
    expect([d.requiresGrad, m.requiresGrad]).toEqual([false, false]);
    expect(await read(d)).toEqual([1, 2]);
    const loss = tidy(() => x.mul(detach(x)).sum());
    backward(loss);
    expect(await read(x.grad)).toEqual([1, 2]); // x·c with c = x held constant
    [x, d, m, loss, x.grad as Tensor].forEach((t) => t.dispose());
  });

  it('noGrad stops recording, enableGrad resumes it', () => {
    const x = floats([1], true);
    expect(isGradEnabled()).toBe(true);
    const [inside, resumed, modeInside] = noGrad(() => [x.mul(2), enableGrad(() => x.mul(2)), isGradEnabled()] as const);
    expect([inside.requiresGrad, resumed.requiresGrad, modeInside, isGradEnabled()]).toEqual([false, true, false, true]);
    [x, inside, resumed].forEach((t) => t.dispose());
  });

  it('grad and valueAndGrad take argnums, leave .grad alone and give zeros for unused arguments', async () => {
    const a = floats([1, 2], true);
    const b = floats([3, 4]);
    const c = floats([5, 6]);
    const f = (x: Tensor, y: Tensor, _z: Tensor) => x.mul(y).sum();
    expect(await read(grad(f)(a, b, c))).toEqual([3, 4]);
    const [da, db, dc] = grad(f, [0, 1, 2])(a, b, c);
    expect([await read(da), await read(db), await read(dc)]).toEqual([[3, 4], [1, 2], [0, 0]]);
    const [value, gb] = valueAndGrad(f, 1)(a, b, c);
    expect([await read(value), await read(gb), value.requiresGrad]).toEqual([[11], [1, 2], false]);
    expect(a.grad).toBeNull();
    [a, b, c, da, db, dc, value, gb].forEach((t) => t.dispose());
  });

  it('createGraph records the backward pass so that .grad can be differentiated', async () => {
    const x = floats([2], true);
    const y = tidy(() => x.pow(3).sum());
    backward(y, null, { createGraph: true });
    const first = x.grad as Tensor; // 3x² = 12
    expect([await read(first), first.requiresGrad]).toEqual([[12], true]);
    backward(first);
    expect(await read(x.grad)).toEqual([24]); // 12 + 6x, accumulated as PyTorch does
    [x, y, first, x.grad as Tensor].forEach((t) => t.dispose());
  });

  it('dropout sends the gradient through the kept elements, scaled', async () => {
    manualSeed(3);
    const x = floats([[1, 2, 3, 4], [5, 6, 7, 8]], true);
    const y = dropout(x, 0.5);
    const loss = tidy(() => y.sum());
    backward(loss);
    const scale = (await read(y)).map((v, i) => v / (i + 1));
    expect(await read(x.grad)).toEqual(scale);
    [x, y, loss, x.grad as Tensor].forEach((t) => t.dispose());
  });

  it('gradcheck accepts correct gradients and rejects wrong ones', async () => {
    manualSeed(1);
    const x = randn([3, 4]);
    await expect(gradcheck((t: Tensor) => t.tanh().mul(t), [x])).resolves.toBe(true);
    // floor's gradient is 0, but it jumps across an integer inside the finite-difference step.
    const onStep = floats([1.0005, 2.5]);
    await expect(gradcheck((t: Tensor) => t.floor(), [onStep], { raiseException: false })).resolves.toBe(false);
    await expect(gradcheck((t: Tensor) => t.floor(), [onStep])).rejects.toThrow(/gradcheck: gradients differ from finite differences.*element 0/);
    // Nested inside gradcheck, grad records its own backward pass: second derivatives check too.
    await expect(gradcheck((t: Tensor) => grad((u: Tensor) => u.tanh().mul(u).sum())(t), [x])).resolves.toBe(true);
    [x, onStep].forEach((t) => t.dispose());
  });

  it('leaves no tensors behind', () => {
    const before = memory().numTensors;
    const x = floats([0.5, -1], true);
    const loss = tidy(() => sum(x.sigmoid().mul(x)));
    backward(loss);
    grad((t: Tensor) => t.exp().sum())(x).dispose();
    [x, loss, x.grad as Tensor].forEach((t) => t.dispose());
    expect(memory().numTensors).toBe(before);
  });
});
