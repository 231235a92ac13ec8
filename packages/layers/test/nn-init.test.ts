// Initialisers and the layers' default initialisation: statistics within tolerance (means,
// standard deviations, bounds, orthogonality), not exact values, plus seeding.
import { expect, it } from 'vitest';
import { manualSeed, matmul, memory, tidy, transpose, zeros, type Tensor } from '@tessera/core';
import { describeEachBackend } from '../../../tooling/parity';
import { Bilinear, Conv2d, ConvTranspose2d, Embedding, Linear, init } from '../src/nn/index';

interface Stats {
  mean: number;
  std: number;
  min: number;
  max: number;
}

async function stats(t: Tensor): Promise<Stats> {
  const v = await t.data();
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const x of v) {
    sum += x;
    min = Math.min(min, x);
    max = Math.max(max, x);
  }
  const mean = sum / v.length;
  let sq = 0;
  for (const x of v) sq += (x - mean) ** 2;
  return { mean, std: Math.sqrt(sq / (v.length - 1)), min, max };
}

// Tolerances are five standard errors of each statistic for n samples, so a seed change
// cannot make them flaky.

/** U(-b, b): within the bounds, reaching close to them, std b/√3, mean 0. */
async function expectSymmetricUniform(t: Tensor, bound: number): Promise<void> {
  const s = await stats(t);
  const n = t.size;
  expect(s.min).toBeGreaterThanOrEqual(-bound);
  expect(s.max).toBeLessThanOrEqual(bound);
  expect(s.max).toBeGreaterThan(bound * (1 - Math.min(20 / n, 0.5)));
  expect(Math.abs(s.std / (bound / Math.sqrt(3)) - 1)).toBeLessThan(5 * Math.sqrt(0.2 / n));
  expect(Math.abs(s.mean)).toBeLessThan((5 * bound) / Math.sqrt(3 * n));
}

async function expectNormal(t: Tensor, mean: number, std: number): Promise<void> {
  const s = await stats(t);
  const n = t.size;
  expect(Math.abs(s.mean - mean)).toBeLessThan((5 * std) / Math.sqrt(n));
  expect(Math.abs(s.std / std - 1)).toBeLessThan(5 * Math.sqrt(0.5 / n));
}

async function expectIdentity(t: Tensor, scale: number): Promise<void> {
  const v = await t.data();
  const n = Math.round(Math.sqrt(v.length));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) expect(Math.abs(v[i * n + j] - (i === j ? scale : 0))).toBeLessThan(1e-4 * Math.max(scale, 1) * n);
  }
}

describeEachBackend('init', () => {
  it('uniform and normal draw the requested distributions', async () => {
    const t = zeros([100, 100]);
    init.uniform(t, 2, 4);
    const s = await stats(t);
    expect(s.min).toBeGreaterThanOrEqual(2);
    expect(s.max).toBeLessThan(4);
    expect(Math.abs(s.mean - 3)).toBeLessThan(0.05);
    expect(Math.abs(s.std / (2 / Math.sqrt(12)) - 1)).toBeLessThan(0.03);
    init.normal(t, -1, 0.5);
    await expectNormal(t, -1, 0.5);
    t.dispose();
  });

  it('constant, zeros and ones fill in place', async () => {
    const t = zeros([2, 3]);
    const id = t.id;
    init.constant(t, 0.25);
    expect(Array.from(await t.data())).toEqual(new Array(6).fill(0.25));
    init.ones(t);
    expect(Array.from(await t.data())).toEqual(new Array(6).fill(1));
    init.zeros(t);
    expect(Array.from(await t.data())).toEqual(new Array(6).fill(0));
    expect(t.id).toBe(id);
    expect(t.version).toBe(3);
    t.dispose();
  });

  it('computes fans and gains as PyTorch', () => {
    const conv = zeros([16, 8, 3, 3]);
    expect(init.calculateFanInAndFanOut(conv)).toEqual([72, 144]);
    expect(init.calculateGain('relu')).toBeCloseTo(Math.SQRT2, 12);
    expect(init.calculateGain('tanh')).toBeCloseTo(5 / 3, 12);
    expect(init.calculateGain('leaky_relu')).toBeCloseTo(Math.sqrt(2 / 1.0001), 12);
    expect(init.calculateGain('leaky_relu', Math.sqrt(5))).toBeCloseTo(Math.sqrt(1 / 3), 12);
    expect(init.calculateGain('selu')).toBe(0.75);
    expect(init.calculateGain('sigmoid')).toBe(1);
    const vector = zeros([5]);
    expect(() => init.xavierUniform(vector)).toThrow(/fewer than 2 dimensions, got shape \[5\]/);
    for (const t of [conv, vector]) t.dispose();
  });

  it('xavier uses fan in + fan out', async () => {
    const t = zeros([120, 80]);
    init.xavierUniform(t, 2);
    await expectSymmetricUniform(t, 2 * Math.sqrt(6 / 200));
    init.xavierNormal(t);
    await expectNormal(t, 0, Math.sqrt(2 / 200));
    t.dispose();
  });

  it('kaiming uses the chosen fan and nonlinearity gain', async () => {
    const t = zeros([64, 32, 3, 3]);
    init.kaimingUniform(t, { nonlinearity: 'relu' });
    await expectSymmetricUniform(t, Math.SQRT2 * Math.sqrt(3 / (32 * 9)));
    init.kaimingNormal(t, { mode: 'fan_out', nonlinearity: 'relu' });
    await expectNormal(t, 0, Math.SQRT2 / Math.sqrt(64 * 9));
    init.kaimingNormal(t, { a: 0.2 });
    await expectNormal(t, 0, Math.sqrt(2 / 1.04) / Math.sqrt(32 * 9));
    t.dispose();
  });

  it('orthogonal gives orthonormal rows or columns, times the gain', async () => {
    for (const shape of [[12, 12], [6, 16], [16, 6], [4, 2, 3]]) {
      const t = zeros(shape);
      init.orthogonal(t, 2);
      const gram = tidy(() => {
        const m = t.reshape([shape[0], -1]);
        return shape[0] <= m.shape[1] ? matmul(m, transpose(m, 0, 1)) : matmul(transpose(m, 0, 1), m);
      });
      await expectIdentity(gram, 4);
      for (const x of [t, gram]) x.dispose();
    }
  });

  it('is reproducible under manualSeed and frees its temporaries', async () => {
    const before = memory().numTensors;
    const a = zeros([4, 5]);
    const b = zeros([4, 5]);
    manualSeed(7);
    init.kaimingUniform(a);
    init.orthogonal(a);
    manualSeed(7);
    init.kaimingUniform(b);
    init.orthogonal(b);
    expect(Array.from(await a.data())).toEqual(Array.from(await b.data()));
    a.dispose();
    b.dispose();
    expect(memory().numTensors).toBe(before);
  });

  it('leaves empty tensors as they are', () => {
    const empty = zeros([3, 0]);
    for (const fill of [init.kaimingUniform, init.kaimingNormal, init.xavierUniform, init.orthogonal, init.normal]) {
      expect(fill(empty)).toBe(empty);
    }
    expect(empty.version).toBe(0);
    empty.dispose();
  });

  it('rejects tensors it cannot fill', () => {
    const ints = zeros([2, 2], { dtype: 'int32' });
    expect(() => init.uniform(ints)).toThrow(/init\.uniform: expected a float32 tensor, got int32/);
    ints.dispose();
  });
});

describeEachBackend('default initialisation', () => {
  it('Linear: weight and bias U(-1/√in, 1/√in)', async () => {
    const fc = new Linear(100, 200);
    await expectSymmetricUniform(fc.weight, 0.1);
    await expectSymmetricUniform(fc.bias as Tensor, 0.1);
    fc.dispose();
  });

  it('Conv2d and ConvTranspose2d: bound 1/√fanIn from the weight layout', async () => {
    const conv = new Conv2d(8, 64, 3);
    await expectSymmetricUniform(conv.weight, 1 / Math.sqrt(72));
    const up = new ConvTranspose2d(64, 8, 3);
    expect(up.weight.shape).toEqual([64, 8, 3, 3]);
    await expectSymmetricUniform(up.weight, 1 / Math.sqrt(72));
    conv.dispose();
    up.dispose();
  });

  it('Bilinear: U(-1/√in1, 1/√in1)', async () => {
    const bl = new Bilinear(25, 30, 40);
    await expectSymmetricUniform(bl.weight, 0.2);
    bl.dispose();
  });

  it('Embedding: N(0, 1) with a zero padding row', async () => {
    const emb = new Embedding(200, 100, { paddingIdx: 3 });
    await expectNormal(emb.weight, 0, 1);
    const rows = (await emb.weight.array()) as number[][];
    expect(rows[3]).toEqual(new Array(100).fill(0));
    emb.dispose();
  });

  it('the same seed builds the same model', async () => {
    manualSeed(3);
    const a = new Linear(6, 4);
    manualSeed(3);
    const b = new Linear(6, 4);
    expect(Array.from(await a.weight.data())).toEqual(Array.from(await b.weight.data()));
    expect(Array.from(await a.bias!.data())).toEqual(Array.from(await b.bias!.data()));
    a.dispose();
    b.dispose();
  });
});
