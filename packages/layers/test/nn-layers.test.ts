// Layer behaviour that PyTorch fixtures cannot pin down: dropout's randomness, errors on bad
// input (thrown before any state changes), containers, moving between backends, and a flat
// tensor count over training steps.
import { expect, it } from 'vitest';
import { manualSeed, memory, randn, randint, tensor, tidy, type Tensor } from '@tessera/core';
import { backward, noGrad } from '@tessera/autograd';
import { backends, describeEachBackend } from '../../../tooling/parity';
import {
  BatchNorm1d, BatchNorm2d, Bilinear, Conv1d, Conv2d, ConvTranspose2d, Dropout, Embedding, Flatten, GroupNorm,
  LayerNorm, Linear, MaxPool2d, ModuleDict, ModuleList, ReLU, Sequential, Softmax,
} from '../src/nn/index';
import { SGD } from '../src/optim/index';

describeEachBackend('Dropout', () => {
  it('zeroes about p of the values and scales the rest while training, seeded', async () => {
    const drop = new Dropout(0.3);
    const x = tensor(new Float32Array(20000).fill(1));
    manualSeed(11);
    const a = drop.call(x);
    manualSeed(11);
    const b = drop.call(x);
    const values = await a.data();
    const zeroed = values.filter((v) => v === 0).length / values.length;
    expect(Math.abs(zeroed - 0.3)).toBeLessThan(0.02);
    expect(values.every((v) => v === 0 || Math.abs(v - 1 / 0.7) < 1e-6)).toBe(true);
    expect(Array.from(await b.data())).toEqual(Array.from(values));
    const c = drop.eval().call(x);
    expect(Array.from(await c.data())).toEqual(Array.from(await x.data()));
    for (const t of [x, a, b, c]) t.dispose();
  });
});

describeEachBackend('LayerNorm without bias', () => {
  it("has no bias key and scales only, as PyTorch 2.1's LayerNorm(bias=False)", async () => {
    const ln = new LayerNorm(4, { bias: false });
    expect(Object.keys(ln.stateDict())).toEqual(['weight']);
    expect(ln.bias).toBeNull();
    const x = tensor([[1, 2, 3, 6]], { dtype: 'float32' });
    const y = ln.call(x);
    // (x - 3) / √(3.5 + 1e-5), the weight being ones.
    const want = [-2, -1, 0, 3].map((d) => d / Math.sqrt(3.5 + 1e-5));
    Array.from(await y.data()).forEach((v, i) => expect(v).toBeCloseTo(want[i], 5));
    for (const t of [x, y]) t.dispose();
    ln.dispose();
  });
});

describeEachBackend('bad input', () => {
  it('constructors reject bad sizes and options', () => {
    expect(() => new Linear(0, 3)).toThrow(/Linear: inFeatures must be a positive integer, got 0/);
    expect(() => new Conv2d(3, 4, 3, { groups: 2 })).toThrow(/Conv2d: inChannels=3 must be divisible by groups=2/);
    expect(() => new ConvTranspose2d(4, 3, 3, { groups: 2 })).toThrow(/ConvTranspose2d: outChannels=3 must be divisible by groups=2/);
    expect(() => new Conv1d(2, 2, 0)).toThrow(/Conv1d: kernelSize\[0\] must be a positive integer/);
    expect(() => new GroupNorm(3, 4)).toThrow(/GroupNorm: numChannels=4 must be divisible by numGroups=3/);
    expect(() => new Embedding(4, 2, { paddingIdx: 4 })).toThrow(/Embedding: paddingIdx must be an integer in \[-4, 4\), got 4/);
    expect(() => new Dropout(1.5)).toThrow(/Dropout: probability p must be between 0 and 1, got 1.5/);
    expect(() => new BatchNorm1d(3, { momentum: 2 })).toThrow(/BatchNorm1d: momentum must be a number in \[0, 1\] or null, got 2/);
    expect(() => new Softmax(0.5)).toThrow(/Softmax: dim must be an integer/);
  });

  it('forward passes name the layer, the shapes and what was expected', () => {
    const cases: [() => unknown, RegExp][] = [
      [() => new Linear(4, 2), /Linear: expected an input whose last dimension is inFeatures=4, got shape \[2,3\]/],
      [() => new Conv2d(4, 2, 3), /Conv2d: expected an input \[N, 4, \.\.\.\] with 2 spatial dimension\(s\).*got shape \[2,3\]/],
      [() => new LayerNorm(4), /LayerNorm: expected an input ending in \[4\], got shape \[2,3\]/],
      [() => new GroupNorm(1, 4), /GroupNorm: expected an input \[N, 4, \.\.\.\], got shape \[2,3\]/],
      [() => new BatchNorm2d(3), /BatchNorm2d: expected an input \[N, C, H, W\] with C=3, got shape \[2,3\]/],
      [() => new Embedding(4, 2), /Embedding: expected int32 indices, got float32 of shape \[2,3\]/],
    ];
    const x = randn([2, 3]);
    for (const [make, message] of cases) {
      const layer = make() as Linear;
      expect(() => layer.call(x)).toThrow(message);
      layer.dispose();
    }
    const bl = new Bilinear(3, 2, 1);
    expect(() => bl.call(x, x)).toThrow(/Bilinear: expected inputs \[\.\.\., 3\] and \[\.\.\., 2\].*got \[2,3\] and \[2,3\]/);
    bl.dispose();
    x.dispose();
  });

  it('a failed batch norm step leaves the running statistics alone', async () => {
    const bn = new BatchNorm1d(3);
    const x = randn([1, 3]);
    expect(() => bn.call(x)).toThrow(/batchNorm: expected more than 1 value per channel/);
    expect(await bn.numBatchesTracked!.item()).toBe(0);
    expect(Array.from(await bn.runningMean!.data())).toEqual([0, 0, 0]);
    x.dispose();
    bn.dispose();
  });
});

describeEachBackend('containers', () => {
  it('Sequential registers modules under their positions', () => {
    const model = new Sequential(new Linear(4, 3), new ReLU(), new Linear(3, 2));
    expect(Object.keys(model.stateDict())).toEqual(['0.weight', '0.bias', '2.weight', '2.bias']);
    expect(model.length).toBe(3);
    expect(model.at(-1)).toBe(model.at(2));
    expect([...model].map((m) => m.constructor.name)).toEqual(['Linear', 'ReLU', 'Linear']);
    expect(() => model.at(3)).toThrow(/Sequential: index 3 is out of range for 3 modules/);
    const x = randn([5, 4]);
    // noGrad: a forward pass that no backward pass follows records nothing.
    const y = noGrad(() => model.call(x));
    expect(y.shape).toEqual([5, 2]);
    for (const t of [x, y]) t.dispose();
    model.dispose();
  });

  it('ModuleList and ModuleDict register their modules and have no forward', () => {
    const list = new ModuleList([new Linear(2, 2)]).append(new LayerNorm(2));
    expect(Object.keys(list.stateDict())).toEqual(['0.weight', '0.bias', '1.weight', '1.bias']);
    expect(() => list.call()).toThrow(/ModuleList: a ModuleList has no forward/);
    const dict = new ModuleDict({ encoder: new Linear(2, 3) }).set('head', new Linear(3, 1));
    expect(dict.keys()).toEqual(['encoder', 'head']);
    expect(dict.size).toBe(2);
    expect(Object.keys(dict.stateDict())).toEqual(['encoder.weight', 'encoder.bias', 'head.weight', 'head.bias']);
    const shared = dict.get('head');
    dict.set('alias', shared);
    expect(dict.entries().map(([k, m]) => [k, m === shared])).toEqual([['encoder', false], ['head', true], ['alias', true]]);
    // A module held twice appears under both keys in the state dict, once in the parameters.
    expect(Object.keys(dict.stateDict())).toEqual(['encoder.weight', 'encoder.bias', 'head.weight', 'head.bias', 'alias.weight', 'alias.bias']);
    expect(dict.parameters().length).toBe(4);
    expect(dict.loadStateDict(dict.stateDict())).toEqual({ missingKeys: [], unexpectedKeys: [] });
    expect(() => dict.get('decoder')).toThrow(/ModuleDict: no module 'decoder' \(keys: encoder, head, alias\)/);
    expect(() => dict.set('a.b', new ReLU())).toThrow(/no '\.'/);
    list.dispose();
    dict.dispose();
  });
});

describeEachBackend('training', () => {
  it('keeps a flat tensor count over steps with batch norm, dropout and embeddings', () => {
    manualSeed(5);
    const model = new Sequential(
      new Conv2d(1, 4, 3, { padding: 1 }), new BatchNorm2d(4), new ReLU(), new MaxPool2d(2),
      new Flatten(), new Dropout(0.2), new Linear(16, 3),
    );
    const emb = new Embedding(5, 3, { paddingIdx: 0 });
    const params = [...model.parameters(), ...emb.parameters()];
    const x = randn([2, 1, 4, 4]);
    const ids = randint(0, 5, [2]);
    const step = (): void => {
      const loss = tidy(() => model.call(x).add(emb.call(ids)).square().mean());
      backward(loss);
      loss.dispose();
      noGrad(() => tidy(() => {
        for (const p of params) p.assign(p.sub(p.grad!.mul(0.01)));
      }));
      model.zeroGrad();
      emb.zeroGrad();
    };
    step();
    const before = memory().numTensors;
    for (let i = 0; i < 5; i++) step();
    expect(memory().numTensors).toBe(before);
    for (const t of [x, ids]) t.dispose();
    model.dispose();
    emb.dispose();
  });
});

describeEachBackend('to(backend)', () => {
  it('moves a model and keeps its outputs', async () => {
    manualSeed(2);
    const model = new Sequential(new Linear(3, 4), new BatchNorm1d(4), new ReLU()).eval();
    const values = [[0.5, -1, 2], [1, 0, -0.5]];
    const x = tensor(values);
    const y = noGrad(() => model.call(x));
    const want = Array.from(await y.data());
    for (const target of backends) {
      await model.to(target);
      const moved = await x.to(target);
      const out = noGrad(() => model.call(moved));
      expect(out.backend).toBe(target);
      const got = Array.from(await out.data());
      got.forEach((v, i) => expect(v).toBeCloseTo(want[i], 5));
      for (const t of [moved, out]) t.dispose();
    }
    for (const t of [x, y]) t.dispose();
    model.dispose();
  });

  it('moves tensors in place, so an optimiser made before the move trains after it', async () => {
    manualSeed(3);
    const model = new Linear(3, 2);
    const params = model.parameters();
    const optimizer = new SGD(params, { lr: 0.1 });
    const x = tensor([[1, 2, 3]], { dtype: 'float32' });
    backward(model.call(x).sum());
    const before = memory().numTensors;
    for (const target of backends) {
      await model.to(target);
      expect(model.parameters()).toEqual(params);
      expect(params.every((p) => p.backend === target && p.grad?.backend === target)).toBe(true);
      expect(memory().numTensors).toBe(before);
    }
    const weight = Array.from(await params[0].data());
    const grad = Array.from(await (params[0].grad as Tensor).data());
    optimizer.step();
    const stepped = Array.from(await params[0].data());
    stepped.forEach((v, i) => expect(v).toBeCloseTo(weight[i] - 0.1 * grad[i], 6));
    x.dispose();
    model.dispose();
  });
});
