// The backward pass's deferred gradients (deferred-gradients.ts). The gradients of slices of
// one tensor are joined along their axis or padded back one by one, and must equal what the
// same reads give through indexSelect, whose gradient is an ordinary scatter-add. A weight
// multiplied at every step gets the sum of its 2-D products' gradients as one product, which
// must equal what batched (3-D) products, summed one by one, give. Nothing is left behind.
import { beforeAll, expect, it } from 'vitest';
import { add, arange, cat, chunk, indexSelect, matmul, memory, mul, narrow, randn, split, squeeze, sum, tanh, tidy, transpose, unsqueeze, type Tensor } from '@tessera/core';
import { backward, enableAutograd, grad } from '../src/index';
import { describeEachBackend } from '../../../tooling/parity';

beforeAll(() => {
  enableAutograd();
});

/** `x[start : start + length]` along `dim` read through indexSelect (a different gradient rule). */
function pick(x: Tensor, dim: number, start: number, length: number): Tensor {
  return indexSelect(x, dim, arange(start, start + length, 1, { dtype: 'int32' }));
}

/** The gradient of `f` at x, with the slices taken by narrow and by indexSelect. */
async function both(f: (x: Tensor, take: typeof narrow) => Tensor, shape: number[]): Promise<[number[], number[]]> {
  const x = tidy(() => randn(shape));
  const viaNarrow = grad((t: Tensor) => f(t, narrow))(x);
  const viaIndex = grad((t: Tensor) => f(t, pick))(x);
  const result: [number[], number[]] = [Array.from(await viaNarrow.data()), Array.from(await viaIndex.data())];
  [x, viaNarrow, viaIndex].forEach((t) => t.dispose());
  return result;
}

const weights = (n: number, shape: number[]) => tidy(() => add(mul(arange(0, n, 1), 0.1), 0.3).reshape(shape));

describeEachBackend('gradients of slices', () => {
  const cases: [string, (x: Tensor, take: typeof narrow) => Tensor, number[]][] = [
    ['pieces tiling an axis', (x, take) => sum(mul(cat([0, 1, 2, 3].map((t) => take(x, 0, t, 1)), 1), weights(4 * 6, [1, 24]))), [4, 6]],
    ['pieces with gaps and repeats', (x, take) => add(sum(mul(take(x, 1, 1, 2), 2)), add(sum(take(x, 1, 4, 1)), sum(mul(take(x, 1, 1, 1), take(x, 1, 1, 1))))), [3, 6]],
    ['overlapping pieces', (x, take) => add(sum(mul(take(x, 1, 0, 4), weights(12, [3, 4]))), sum(take(x, 1, 2, 4))), [3, 6]],
    ['the halves of a packed tensor', (x, take) => add(sum(mul(take(x, 1, 0, 3), 3)), sum(mul(take(x, 1, 3, 3), take(x, 1, 3, 3)))), [2, 6]],
    ['a middle run along the last axis of a 3-D tensor', (x, take) => add(sum(mul(take(x, 2, 1, 2), 0.5)), sum(take(x, 2, 3, 1))), [2, 3, 5]],
  ];
  for (const [name, f, shape] of cases) {
    it(`${name} give the gradient of the same reads through indexSelect`, async () => {
      const before = memory().numTensors;
      const [viaNarrow, viaIndex] = await both(f, shape);
      viaNarrow.forEach((v, i) => expect(v).toBeCloseTo(viaIndex[i], 5));
      expect(memory().numTensors).toBe(before);
    });
  }

  it('splits, chunks and transposes inside a recurrence leave no tensor behind', () => {
    const w = tidy(() => randn([6, 6]));
    const before = memory().numTensors;
    const f = (x: Tensor) => {
      let h = narrow(x, 0, 0, 1);
      for (const step of split(x, 1, 0)) h = add(step, mul(h, transpose(w, 0, 1).sum(0, true)));
      const [left, right] = chunk(h, 2, 1);
      return add(sum(left), sum(mul(right, right)));
    };
    const x = tidy(() => randn([8, 6]));
    const g = grad(f)(x);
    expect(g.shape).toEqual([8, 6]);
    [x, g].forEach((t) => t.dispose());
    expect(memory().numTensors).toBe(before);
    w.dispose();
  });

  it('sums a weight\'s per-step 2-D product gradients as one product', async () => {
    const w = tidy(() => randn([5, 5]));
    const v = tidy(() => randn([3, 5]));
    const before = memory().numTensors;
    /** A recurrence through w (by 2-D products, or by batched ones that are not deferred), w also used outside a product. */
    const f = (batched: boolean) => (weight: Tensor) => {
      const times = (h: Tensor) => (batched ? squeeze(matmul(unsqueeze(h, 0), unsqueeze(weight, 0)), 0) : matmul(h, weight));
      let h = v;
      let total = sum(mul(weight, weight));
      for (let t = 0; t < 6; t++) {
        h = tanh(add(times(h), 0.1 * t));
        total = add(total, sum(mul(h, h)));
      }
      return add(total, sum(matmul(v, weight)));
    };
    // backward, not grad: grad records its own pass (for higher orders), which defers nothing.
    const gradientOf = (batched: boolean) => {
      const weight = tidy(() => w.mul(1));
      weight.requiresGrad = true;
      const loss = tidy(() => f(batched)(weight));
      backward(loss);
      const g = weight.grad as Tensor;
      [loss, weight].forEach((t) => t.dispose());
      return g;
    };
    const deferred = gradientOf(false);
    const plain = gradientOf(true);
    const [a, b] = [Array.from(await deferred.data()), Array.from(await plain.data())];
    a.forEach((x, i) => expect(x).toBeCloseTo(b[i], 4));
    [deferred, plain].forEach((t) => t.dispose());
    expect(memory().numTensors).toBe(before);
    [w, v].forEach((t) => t.dispose());
  });
});
