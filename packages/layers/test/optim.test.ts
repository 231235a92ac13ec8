// Every optimiser against PyTorch 1.13 (fixtures/optim.json, written by generate_optim.py):
// the parameters after each of six steps on fixed gradients, the final state under PyTorch's
// layout, a stateDict round trip mid-way, and a flat tensor count over 1,000 training steps.
import { readFileSync } from 'node:fs';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { matmul, memory, randn, tensor, tidy, manualSeed, type Tensor } from '@tessera/core';
import { backward, enableAutograd } from '@tessera/autograd';
import { Adagrad, Adam, AdamW, RMSprop, SGD, type Optimizer, type OptimizerStateDict } from '../src/optim/index';
import { mseLoss } from '../src/losses/index';
import { decodeTensor, describeEachBackend, expectClose, type TensorSpec } from '../../../tooling/parity';

interface OptimizerCase {
  name: string;
  optimizer: string;
  options: Record<string, unknown>;
  groups: ({ params: number[] } & Record<string, unknown>)[] | null;
  params: TensorSpec[];
  grads: (TensorSpec | null)[][];
  after: TensorSpec[][];
  state: Record<string, Record<string, TensorSpec | number>>;
  paramGroups: Record<string, unknown>[];
}

const fixture = JSON.parse(readFileSync(new URL('./fixtures/optim.json', import.meta.url), 'utf8')) as { optimizers: OptimizerCase[] };
type AnyOptimizer = Optimizer<{ lr: number }, Record<string, Tensor | number | undefined>>;
const classes = { SGD, Adam, AdamW, RMSprop, Adagrad } as unknown as Record<string, new (params: unknown, options: object) => AnyOptimizer>;

function build(c: OptimizerCase, params: Tensor[]): AnyOptimizer {
  const groups = c.groups ? c.groups.map(({ params: ids, ...o }) => ({ ...o, params: ids.map((i) => params[i]) })) : params;
  return new classes[c.optimizer](groups, c.options);
}

function setGrads(params: Tensor[], grads: (TensorSpec | null)[]): void {
  params.forEach((p, i) => {
    p.grad?.dispose();
    const g = grads[i];
    p.grad = g ? decodeTensor(g) : null;
  });
}

function freshParams(specs: TensorSpec[]): Tensor[] {
  return specs.map((s) => {
    const p = decodeTensor(s);
    p.requiresGrad = true;
    return p;
  });
}

function disposeAll(params: Tensor[], opt?: AnyOptimizer): void {
  for (const p of params) {
    p.grad?.dispose();
    p.dispose();
  }
  opt?.dispose();
}

beforeAll(() => {
  enableAutograd();
});

describeEachBackend('optimisers match PyTorch', () => {
  let before = 0;
  afterEach(() => {
    expect(memory().numTensors).toBeLessThanOrEqual(before);
  });

  it('covers every optimiser', () => {
    before = memory().numTensors;
    expect(Object.keys(classes).filter((name) => !fixture.optimizers.some((c) => c.optimizer === name))).toEqual([]);
  });

  for (const c of fixture.optimizers) {
    it(c.name, async () => {
      before = memory().numTensors;
      const params = freshParams(c.params);
      const opt = build(c, params);
      for (const [k, grads] of c.grads.entries()) {
        setGrads(params, grads);
        opt.step();
        for (const [i, p] of params.entries()) await expectClose(p, c.after[k][i]);
      }
      const sd = opt.stateDict();
      expect(sd.paramGroups.map(({ params: _, ...options }) => options)).toEqual(c.paramGroups);
      for (const [id, expected] of Object.entries(c.state)) {
        const got = sd.state[Number(id)] ?? {};
        expect(Object.keys(got).sort()).toEqual(Object.keys(expected).sort());
        for (const [key, value] of Object.entries(expected)) {
          if (typeof value === 'number') expect(got[key]).toBe(value);
          else await expectClose(got[key] as Tensor, value);
        }
      }
      disposeAll(params, opt);
    });

    it(`${c.name}: resumes from stateDict after 3 steps`, async () => {
      before = memory().numTensors;
      const params = freshParams(c.params);
      const first = build(c, params);
      for (const grads of c.grads.slice(0, 3)) {
        setGrads(params, grads);
        first.step();
      }
      const copies = params.map((p) => {
        const q = p.clone();
        q.requiresGrad = true;
        return q;
      });
      const second = build(c, copies);
      second.loadStateDict(first.stateDict() as OptimizerStateDict<{ lr: number }, Record<string, Tensor | number | undefined>>);
      disposeAll(params, first); // the loaded state is a copy
      for (const grads of c.grads.slice(3)) {
        setGrads(copies, grads);
        second.step();
      }
      for (const [i, p] of copies.entries()) await expectClose(p, c.after[c.after.length - 1][i]);
      disposeAll(copies, second);
    });
  }

  const makers: [string, (ps: Tensor[]) => AnyOptimizer][] = [
    ['SGD', (ps) => new SGD(ps, { lr: 0.01, momentum: 0.9, nesterov: true, weightDecay: 1e-4 }) as unknown as AnyOptimizer],
    ['Adam', (ps) => new Adam(ps, { amsgrad: true, weightDecay: 1e-4 }) as unknown as AnyOptimizer],
    ['AdamW', (ps) => new AdamW(ps) as unknown as AnyOptimizer],
    ['RMSprop', (ps) => new RMSprop(ps, { momentum: 0.9, centered: true }) as unknown as AnyOptimizer],
    ['Adagrad', (ps) => new Adagrad(ps, { lrDecay: 1e-3 }) as unknown as AnyOptimizer],
  ];
  for (const [name, make] of makers) {
    it(`${name} keeps the tensor count flat over 1,000 training steps`, async () => {
      before = memory().numTensors;
      manualSeed(0);
      const [x, y, w, b] = [randn([8, 4]), randn([8, 2]), randn([4, 2]), randn([2])];
      const params = [w, b];
      for (const p of params) p.requiresGrad = true;
      const opt = make(params);
      let settled = 0;
      let first = Infinity;
      let last = Infinity;
      for (let step = 0; step < 1000; step++) {
        const loss = tidy(() => mseLoss(matmul(x, w).add(b), y));
        if (step === 0) first = (await loss.data())[0];
        backward(loss);
        opt.step();
        opt.zeroGrad();
        if (step === 999) last = (await loss.data())[0];
        loss.dispose();
        if (step === 1) settled = memory().numTensors;
      }
      expect(memory().numTensors).toBe(settled);
      expect(last).toBeLessThan(first);
      disposeAll(params, opt);
      x.dispose();
      y.dispose();
    });
  }

  it('rejects bad options and arguments before changing anything', () => {
    before = memory().numTensors;
    const p = tensor([[1, 2], [3, 4]], { dtype: 'float32', requiresGrad: true });
    const q = tensor([1, 2], { dtype: 'float32', requiresGrad: true });
    expect(() => new SGD([p], { lr: -1 })).toThrow('SGD: invalid learning rate: -1');
    expect(() => new SGD([p], { lr: 0.1, nesterov: true })).toThrow('SGD: invalid nesterov (it needs momentum > 0 and dampening 0)');
    expect(() => new Adam([p], { betas: [0.9, 1] })).toThrow('Adam: invalid betas');
    expect(() => new AdamW([], {})).toThrow('AdamW: got an empty parameter list');
    expect(() => new RMSprop([{ params: [p] }, { params: [p], lr: 1 }])).toThrow('RMSprop: a parameter of shape [2,2] appears in more than one group');
    expect(() => new Adagrad([{ params: [q], lrDecay: -1 }])).toThrow('Adagrad: invalid lrDecay: -1');
    const opt = new Adam([p, q]);
    p.grad = tensor([1, 2, 3, 4], { dtype: 'float32' });
    q.grad = tensor([1, 1], { dtype: 'float32' });
    expect(() => opt.step()).toThrow('Adam.step: the gradient of a parameter of shape [2,2] is float32 [4], expected float32 of the parameter\'s shape');
    expect(opt.state.size).toBe(0);
    expect(p.version).toBe(0);
    expect(q.version).toBe(0);
    const other = new Adam([q]);
    expect(() => other.loadStateDict(opt.stateDict())).toThrow('Adam.loadStateDict: group 0 has 2 parameters, the optimiser\'s has 1');
    disposeAll([p, q], opt);
    other.dispose();
  });

  it('zeroGrad disposes the gradients or zeroes them in place', async () => {
    before = memory().numTensors;
    const p = tensor([1, 2], { dtype: 'float32', requiresGrad: true });
    const opt = new SGD([p], { lr: 0.1 });
    p.grad = tensor([3, 4], { dtype: 'float32' });
    const grad = p.grad;
    opt.zeroGrad(false);
    expect(p.grad).toBe(grad);
    expect(Array.from(await grad.data())).toEqual([0, 0]);
    opt.zeroGrad();
    expect(p.grad).toBeNull();
    expect(grad.isDisposed).toBe(true);
    disposeAll([p], opt);
  });
});
