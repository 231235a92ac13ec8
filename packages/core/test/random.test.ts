// Seeded randomness: the same seed gives the same numbers on every backend, with the
// distributions the functions promise.
import { expect, it } from 'vitest';
import * as T from './setup';
import { describeEachBackend } from '../../../tooling/parity';

describeEachBackend('random', () => {
  it('manualSeed makes rand, randn, randint and dropout repeatable', async () => {
    const draw = async () => {
      const drawn = T.tidy(() => [T.rand([5]), T.randn([5]), T.randint(0, 10, [5]), T.dropout(T.ones([5]), 0.5)]);
      const values = await Promise.all(drawn.map(async (t) => Array.from(await t.data())));
      drawn.forEach((t) => t.dispose());
      return values;
    };
    T.manualSeed(42);
    const first = await draw();
    T.manualSeed(42);
    expect(await draw()).toEqual(first);
    T.manualSeed(43);
    expect((await draw())[0]).not.toEqual(first[0]);
  });

  it('rand is uniform on [0, 1) and randn is standard normal', async () => {
    T.manualSeed(1);
    const n = 20000;
    const [uniform, zMean, zStd] = T.tidy(() => {
      const uniform = T.rand([n]);
      const z = T.randn([n]);
      return [uniform, z.mean(), z.std()];
    });
    const u = await uniform.data();
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u)).toBeLessThan(1);
    const mean = Array.from(u).reduce((a, b) => a + b, 0) / n;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.01); // 5 standard errors (0.29 / sqrt(n) ≈ 0.002)
    expect(Math.abs((await zMean.data())[0])).toBeLessThan(0.035);
    expect(Math.abs((await zStd.data())[0] - 1)).toBeLessThan(0.025);
    [uniform, zMean, zStd].forEach((t) => t.dispose());
  });

  it('randint stays in [low, high) and hits every value', async () => {
    T.manualSeed(2);
    const drawn = T.randint(-3, 4, [2000]);
    const v = Array.from(await drawn.data());
    drawn.dispose();
    expect(new Set(v)).toEqual(new Set([-3, -2, -1, 0, 1, 2, 3]));
  });

  it('dropout zeroes about p of the elements and rescales the rest', async () => {
    T.manualSeed(3);
    const [dropped, evaluation, all] = T.tidy(() => [T.dropout(T.ones([10000]), 0.3), T.dropout(T.ones([3]), 0.3, false), T.dropout(T.ones([3]), 1)]);
    const out = Array.from(await dropped.data());
    const kept = out.filter((v) => v !== 0);
    expect(Math.abs(kept.length / out.length - 0.7)).toBeLessThan(0.025);
    expect(new Set(kept)).toEqual(new Set([Math.fround(1 / 0.7)]));
    expect(Array.from(await evaluation.data())).toEqual([1, 1, 1]);
    expect(Array.from(await all.data())).toEqual([0, 0, 0]);
    [dropped, evaluation, all].forEach((t) => t.dispose());
  });
});
