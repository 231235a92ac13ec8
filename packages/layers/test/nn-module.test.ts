// Module's bookkeeping: names, traversal, modes, stateDict round trips, all-or-nothing
// loading, zeroGrad, moving between backends and disposal.
import { expect, it } from 'vitest';
import { memory, ones, tensor, tidy, zeros, type Tensor } from '@tessera/core';
import { backward } from '@tessera/autograd';
import { describeEachBackend, backends } from '../../../tooling/parity';
import { Module } from '../src/nn/module';

class Affine extends Module {
  constructor(n: number, bias = true) {
    super();
    this.registerParameter('weight', ones([n]));
    this.registerParameter('bias', bias ? zeros([n]) : null);
    this.registerBuffer('running_mean', zeros([n]));
    this.registerBuffer('scratch', zeros([n]), false);
  }
  get weight(): Tensor { return this.getParameter('weight'); }
  get bias(): Tensor | null { return this.getOptionalParameter('bias'); }
  forward(x: Tensor): Tensor {
    const y = x.mul(this.weight);
    return this.bias ? y.add(this.bias) : y;
  }
}

class Net extends Module {
  readonly first = this.registerModule('first', new Affine(2));
  readonly block = this.registerModule('block', new Block());
  forward(x: Tensor): Tensor { return this.block.call(this.first.call(x)); }
}

class Block extends Module {
  readonly inner = this.registerModule('inner', new Affine(2, false));
  forward(x: Tensor): Tensor { return this.inner.call(x); }
}

describeEachBackend('Module', () => {
  it('names parameters, buffers and modules with PyTorch dotted keys', () => {
    const net = new Net();
    expect(net.namedParameters().map(([k]) => k)).toEqual(['first.weight', 'first.bias', 'block.inner.weight']);
    expect(net.namedBuffers().map(([k]) => k)).toEqual(['first.running_mean', 'first.scratch', 'block.inner.running_mean', 'block.inner.scratch']);
    expect(Object.keys(net.stateDict())).toEqual(['first.weight', 'first.bias', 'first.running_mean', 'block.inner.weight', 'block.inner.running_mean']);
    expect(net.namedModules().map(([k]) => k)).toEqual(['', 'first', 'block', 'block.inner']);
    expect(net.namedChildren().map(([k]) => k)).toEqual(['first', 'block']);
    expect(net.parameters(false)).toEqual([]);
    expect(net.parameters().every((p) => p.requiresGrad)).toBe(true);
    net.dispose();
  });

  it('switches train and eval recursively', () => {
    const net = new Net();
    expect(net.eval().modules().every((m) => !m.training)).toBe(true);
    expect(net.train().modules().every((m) => m.training)).toBe(true);
    net.dispose();
  });

  it('rejects bad names and a name used for another kind of entry', () => {
    const m = new Affine(1);
    expect(() => m.registerParameter('a.b', null)).toThrow(/no '\.'/);
    expect(() => m.registerBuffer('weight', null)).toThrow(/already registered/);
    m.dispose();
  });

  it('round-trips a state dict and loads values into the same tensors', async () => {
    const a = new Net();
    const b = new Net();
    const weight = b.first.weight;
    const sd = { ...a.stateDict(), 'first.weight': tensor([3, 4]) };
    expect(b.loadStateDict(sd)).toEqual({ missingKeys: [], unexpectedKeys: [] });
    expect(b.first.weight).toBe(weight);
    expect(await b.first.weight.array()).toEqual([3, 4]);
    sd['first.weight'].dispose();
    a.dispose();
    b.dispose();
  });

  it('lists every problem and changes nothing when loading fails', async () => {
    const net = new Net();
    const bad = { 'first.weight': tensor([5, 6]), 'first.bias': tensor([1, 2, 3]), extra: tensor([1]) };
    let message = '';
    try {
      net.loadStateDict(bad);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/unexpected keys: extra/);
    expect(message).toMatch(/missing keys: first\.running_mean, block\.inner\.weight, block\.inner\.running_mean/);
    expect(message).toMatch(/size mismatch for 'first\.bias': got \[3\], the module has \[2\]/);
    expect(await net.first.weight.array()).toEqual([1, 1]);
    const partial = { 'first.weight': bad['first.weight'], extra: bad.extra };
    expect(net.loadStateDict(partial, { strict: false })).toEqual({
      missingKeys: ['first.bias', 'first.running_mean', 'block.inner.weight', 'block.inner.running_mean'],
      unexpectedKeys: ['extra'],
    });
    expect(await net.first.weight.array()).toEqual([5, 6]);
    for (const t of Object.values(bad)) t.dispose();
    net.dispose();
  });

  it('clears gradients and frees everything it owns', () => {
    const before = memory().numTensors;
    const net = new Net();
    const loss = tidy(() => net.call(tensor([1, 2])).sum());
    backward(loss);
    loss.dispose();
    expect(net.first.weight.grad).not.toBeNull();
    net.zeroGrad();
    expect(net.parameters().every((p) => p.grad === null)).toBe(true);
    net.dispose();
    expect(memory().numTensors).toBe(before);
  });

  it('keeps parameters and buffers of a module built inside tidy', async () => {
    const net = tidy(() => new Net());
    expect(net.stateDict()['first.running_mean'].isDisposed).toBe(false);
    expect(net.parameters().every((p) => !p.isDisposed)).toBe(true);
    expect(await net.first.weight.array()).toEqual([1, 1]);
    net.dispose();
  });

  it('moves to every backend keeping gradients flags and sharing', async () => {
    const net = new Net();
    for (const target of backends) {
      await net.to(target);
      expect(net.stateDict()['first.weight'].backend).toBe(target);
      expect(net.parameters().every((p) => p.requiresGrad)).toBe(true);
    }
    net.dispose();
  });
});
