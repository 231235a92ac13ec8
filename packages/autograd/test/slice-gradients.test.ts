// The backward pass's handling of slices (slice-gradients.ts): the gradients of slices of one
// tensor are joined along their axis or padded back one by one, and must equal what the same
// reads give through indexSelect, whose gradient is an ordinary scatter-add. Also checks
// that a long recurrence's slices leave no tensor behind.
import { beforeAll, expect, it } from 'vitest';
import { add, arange, cat, chunk, indexSelect, memory, mul, narrow, randn, split, sum, tidy, transpose, type Tensor } from '@tessera/core';
import { enableAutograd, grad } from '../src/index';
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
});
