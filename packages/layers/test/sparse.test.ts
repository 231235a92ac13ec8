// Sparse embedding gradients against PyTorch 1.13 (fixtures/sparse.json, written by
// generate_sparse.py): nn.Embedding(sparse=True) gradients with repeated rows, several uses
// and accumulation, SGD, Adagrad and SparseAdam steps; the errors PyTorch raises; and the memory a
// step holds and its peak bytes, which must not grow with the number of rows.
import { readFileSync } from 'node:fs';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { getBackend, memory, mul, resetPeakBytes, SparseGradient, sum, tensor, tidy, type Tensor } from '@tessera/core';
import { backward, enableAutograd, noGrad, zeroGrad } from '@tessera/autograd';
import { Embedding } from '../src/nn/index';
import { Adagrad, Adam, clipGradNorm, clipGradValue, SGD, SparseAdam, type Optimizer } from '../src/optim/index';
import { decodeTensor, describeEachBackend, expectClose, type TensorSpec } from '../../../tooling/parity';

interface GradientCase {
  name: string;
  weight: TensorSpec;
  paddingIdx: number | null;
  lookups: { indices: TensorSpec; coef: TensorSpec; scale: number }[];
  denseCoef: TensorSpec | null;
  backwards: number;
  sparse: boolean;
  grad: TensorSpec;
}

interface OptimizerCase {
  name: string;
  optimizer: 'SGD' | 'SparseAdam' | 'Adagrad';
  options: Record<string, unknown>;
  weight: TensorSpec;
  steps: { indices: TensorSpec; coef: TensorSpec }[];
  after: TensorSpec[];
  state: Record<string, TensorSpec | number>;
}

const fixture = JSON.parse(readFileSync(new URL('./fixtures/sparse.json', import.meta.url), 'utf8')) as {
  gradients: GradientCase[];
  optimizers: OptimizerCase[];
};

/** An Embedding with sparse gradients whose weight is `spec`. */
function embeddingOf(spec: TensorSpec, paddingIdx: number | null = null): Embedding {
  const emb = new Embedding(spec.shape[0], spec.shape[1], { sparse: true, paddingIdx });
  const w = decodeTensor(spec);
  noGrad(() => emb.weight.assign(w));
  w.dispose();
  return emb;
}

/** Decodes specs, runs `fn` on them and frees them. */
function using<T>(specs: TensorSpec[], fn: (...ts: Tensor[]) => T): T {
  const ts = specs.map(decodeTensor);
  try {
    return fn(...ts);
  } finally {
    for (const t of ts) t.dispose();
  }
}

const optimizers = { SGD, SparseAdam, Adagrad } as unknown as Record<string, new (params: Iterable<Tensor>, options: object) => Optimizer>;

beforeAll(() => {
  enableAutograd();
});

describeEachBackend('sparse embedding gradients match PyTorch', () => {
  let before = 0;
  afterEach(() => {
    expect(memory().numTensors).toBe(before);
  });

  for (const c of fixture.gradients) {
    it(c.name, async () => {
      before = memory().numTensors;
      const emb = embeddingOf(c.weight, c.paddingIdx);
      for (let pass = 0; pass < c.backwards; pass++) {
        const loss = tidy(() => {
          const parts = c.lookups.map((l) => using([l.indices, l.coef], (idx, coef) => sum(mul(mul(emb.call(idx).square(), coef), l.scale))));
          if (c.denseCoef) parts.push(using([c.denseCoef], (coef) => sum(mul(sum(emb.weight, 0), coef))));
          return parts.reduce((a, b) => a.add(b));
        });
        backward(loss);
        loss.dispose();
      }
      const g = emb.weight.grad as Tensor;
      expect(g instanceof SparseGradient).toBe(c.sparse);
      const dense = g instanceof SparseGradient ? g.toDense() : g;
      await expectClose(dense, c.grad);
      if (dense !== g) dense.dispose();
      emb.dispose();
    });
  }

  for (const c of fixture.optimizers) {
    it(`${c.name}: five steps and the final state`, async () => {
      before = memory().numTensors;
      const emb = embeddingOf(c.weight);
      const opt = new optimizers[c.optimizer](emb.parameters(), c.options);
      for (const [k, step] of c.steps.entries()) {
        opt.zeroGrad();
        const loss = using([step.indices, step.coef], (idx, coef) => tidy(() => {
          const rows = emb.call(idx);
          return sum(mul(rows, coef)).add(sum(rows.square()).mul(0.5));
        }));
        backward(loss);
        loss.dispose();
        expect(emb.weight.grad).toBeInstanceOf(SparseGradient);
        opt.step();
        await expectClose(emb.weight, c.after[k]);
      }
      const state = opt.stateDict().state[0] ?? {};
      expect(Object.keys(state).sort()).toEqual(Object.keys(c.state).sort());
      for (const [key, value] of Object.entries(c.state)) {
        if (typeof value === 'number') expect(state[key]).toBe(value);
        else await expectClose(state[key] as Tensor, value);
      }
      opt.dispose();
      emb.dispose();
    });
  }

  it('clipGradNorm measures and scales a sparse gradient as its dense equivalent', async () => {
    before = memory().numTensors;
    const c = fixture.gradients[0];
    const emb = embeddingOf(c.weight);
    const loss = using([c.lookups[0].indices, c.lookups[0].coef], (idx, coef) => tidy(() => sum(mul(emb.call(idx).square(), coef))));
    backward(loss);
    loss.dispose();
    const g = emb.weight.grad as SparseGradient;
    const dense = g.toDense();
    const expected = tidy(() => dense.square().sum().sqrt());
    const norm = clipGradNorm(emb.parameters(), 0.5);
    await expectClose(norm, { shape: [], dtype: 'float32', data: [...(await expected.data())] });
    const clipped = g.toDense();
    const total = (await expected.data())[0];
    const scaled = tidy(() => mul(dense, 0.5 / (total + 1e-6)));
    await expectClose(clipped, { shape: scaled.shape as number[], dtype: 'float32', data: [...(await scaled.data())] });
    for (const t of [dense, expected, norm, clipped, scaled]) t.dispose();
    emb.dispose();
  });
});

describeEachBackend('sparse gradients: errors and memory', () => {
  let before = 0;
  afterEach(() => {
    expect(memory().numTensors).toBe(before);
  });

  /** An Embedding(num, dim, sparse) whose weight has a sparse gradient from one lookup. */
  function withGradient(num: number, dim: number, ids: number[]): Embedding {
    const emb = new Embedding(num, dim, { sparse: true });
    const idx = tensor(ids, { dtype: 'int32' });
    const loss = tidy(() => emb.call(idx).sum());
    backward(loss);
    loss.dispose();
    idx.dispose();
    return emb;
  }

  it('dense optimisers refuse sparse gradients, and SparseAdam dense ones, as PyTorch does', async () => {
    before = memory().numTensors;
    const emb = withGradient(5, 2, [1, 3]);
    const w = emb.weight.clone();
    const adam = new Adam(emb.parameters());
    expect(() => adam.step()).toThrow(/Adam\.step: Adam does not support sparse gradients, please consider SparseAdam instead \(the gradient of a parameter of shape \[5,2\] is sparse\)/);
    const momentum = new SGD(emb.parameters(), { lr: 0.1, momentum: 0.9 });
    expect(() => momentum.step()).toThrow(/SGD\.step: SGD applies sparse gradients only without momentum and weightDecay \(got momentum 0\.9, weightDecay 0\)/);
    const decay = new Adagrad(emb.parameters(), { weightDecay: 0.1 });
    expect(() => decay.step()).toThrow(/Adagrad\.step: Adagrad: the weightDecay option \(0\.1\) is not compatible with sparse gradients/);
    expect(() => clipGradValue(emb.parameters(), 1)).toThrow(/clipGradValue: the gradient of a parameter of shape \[5,2\] is sparse/);
    const dense = new Embedding(5, 2);
    const denseLoss = tidy(() => dense.weight.sum());
    backward(denseLoss);
    denseLoss.dispose();
    const sparseAdam = new SparseAdam(dense.parameters());
    expect(() => sparseAdam.step()).toThrow(/SparseAdam\.step: SparseAdam does not support dense gradients, please consider Adam instead/);
    // Nothing was updated by the refused steps.
    expect([...(await emb.weight.data())]).toEqual([...(await w.data())]);
    for (const o of [adam, momentum, decay, sparseAdam]) o.dispose();
    for (const t of [w]) t.dispose();
    emb.dispose();
    dense.dispose();
  });

  it('zeroGrad drops a sparse gradient, whether or not setToNone', () => {
    before = memory().numTensors;
    const emb = withGradient(5, 2, [0, 0, 4]);
    expect(emb.weight.grad).toBeInstanceOf(SparseGradient);
    zeroGrad(emb.parameters(), { setToNone: false });
    expect(emb.weight.grad).toBeNull();
    emb.dispose();
  });

  it('a sparse gradient holds the rows looked up, whatever the number of rows of the table', () => {
    before = memory().numTensors;
    const bytesOf = (num: number) => {
      const emb = new Embedding(num, 16, { sparse: true });
      const start = memory().numBytes;
      const idx = tensor([3, 1, 3, 0, 2, 7], { dtype: 'int32' });
      const loss = tidy(() => emb.call(idx).sum());
      backward(loss);
      loss.dispose();
      idx.dispose();
      const bytes = memory().numBytes - start;
      emb.dispose();
      return bytes;
    };
    const small = bytesOf(8);
    // 6 rows of 16 floats and 6 int32 indices, for 8 rows or 100,000.
    expect(small).toBe(6 * 16 * 4 + 6 * 4);
    expect(bytesOf(100_000)).toBe(small);
  });

  const sparseOptimizers: Record<string, (e: Embedding) => Optimizer> = {
    SGD: (e) => new SGD(e.parameters(), { lr: 0.1 }),
    Adagrad: (e) => new Adagrad(e.parameters(), { lr: 0.1 }),
    SparseAdam: (e) => new SparseAdam(e.parameters()),
  };

  it('the peak bytes of a sparse training step are the same for a 1,000-row and a 200,000-row table', () => {
    before = memory().numTensors;
    const peakOf = (num: number, make: (e: Embedding) => Optimizer) => {
      const emb = new Embedding(num, 16, { sparse: true });
      const opt = make(emb);
      const step = (rows: number[]) => {
        const idx = tensor(rows, { dtype: 'int32' });
        const loss = tidy(() => emb.call(idx).square().sum());
        backward(loss);
        loss.dispose();
        idx.dispose();
        opt.step();
        opt.zeroGrad();
      };
      // The first step creates the optimiser's state, which is the size of the table.
      step([0, 1]);
      resetPeakBytes();
      const held = memory().byBackend[getBackend()]?.numBytes ?? 0;
      step([3, 1, 3, 0, 2, 7, 999, 3, 3]);
      const peak = (memory().byBackend[getBackend()]?.peakBytes ?? 0) - held;
      opt.dispose();
      emb.dispose();
      return peak;
    };
    for (const [name, make] of Object.entries(sparseOptimizers)) {
      const small = peakOf(1000, make);
      // Far below one 1,000-row table (64,000 bytes): only batch-sized tensors come and go.
      expect(small, name).toBeGreaterThan(0);
      expect(small, name).toBeLessThan(16_000);
      expect(peakOf(200_000, make), name).toBe(small);
    }
    expect(memory().numTensors).toBe(before);
  });

  it('training with SGD, Adagrad and SparseAdam holds flat tensors and bytes from step to step', () => {
    before = memory().numTensors;
    for (const make of Object.values(sparseOptimizers)) {
      const emb = new Embedding(1000, 8, { sparse: true });
      const opt = make(emb);
      const counts: [number, number][] = [];
      for (let step = 0; step < 30; step++) {
        const idx = tensor([step % 7, (step * 13) % 1000, step % 7, 999], { dtype: 'int32' });
        const loss = tidy(() => emb.call(idx).square().sum());
        backward(loss);
        loss.dispose();
        idx.dispose();
        opt.step();
        opt.zeroGrad();
        counts.push([memory().numTensors, memory().numBytes]);
      }
      expect(new Set(counts.slice(1).map(([n, b]) => `${n}/${b}`)).size).toBe(1);
      opt.dispose();
      emb.dispose();
    }
  });
});
