// Bad input gets an error naming the layer, the shapes and what was expected, before any
// work is done: wrong group-axis sizes, padding that breaks the symmetry, bad options.
import { describe, expect, it } from 'vitest';
import { memory, randn } from '@tessera/core';
import { act, AdvectionDiffusionBlock, cn, GroupBatchNorm, GroupConv2d, groupMaxPool2d, groupPool, LiftingConv2d, p4, p4m, transformPlanes } from '../src/index';

describe('gcnn errors', () => {
  it('a p4 map where a p4m one is expected names both group sizes', () => {
    const conv = new GroupConv2d(2, 3, 3, { group: 'p4m', padding: 1 });
    const p4Map = randn([1, 2, 4, 6, 6]);
    expect(() => conv.call(p4Map)).toThrow(
      'GroupConv2d: expected a p4m feature map [N, 2, 8, H, W], got [1,2,4,6,6] (its group axis has 4 elements where p4m has 8)',
    );
    expect(() => conv.call(randn([1, 2, 6, 6]))).toThrow('GroupConv2d: expected a p4m feature map [N, 2, 8, H, W], got [1,2,6,6]');
    expect(() => new LiftingConv2d(3, 2, 3).call(randn([1, 2, 6, 6]))).toThrow('LiftingConv2d: expected an image [N, 3, H, W], got [1,2,6,6]');
  });

  it("an even kernel with padding 'same' (one side padded more) is refused", () => {
    expect(() => new GroupConv2d(2, 2, 4, { group: 'p4', padding: 'same' })).toThrow(
      "GroupConv2d: padding 'same' with an even kernelSize 4 pads one side more than the other, which breaks the p4 symmetry",
    );
    expect(() => new LiftingConv2d(1, 2, 2, { group: 'p4m', padding: 'same' })).toThrow("LiftingConv2d: padding 'same' with an even kernelSize 2");
  });

  it('options: unknown groups, non-integer sizes, uneven padding', () => {
    expect(() => new GroupConv2d(2, 2, 3, { group: 'p6' as never })).toThrow("GroupConv2d: group must be 'p4', 'p4m' or a Group from cn(n) / dn(n)");
    expect(() => new GroupConv2d(2, 0, 3)).toThrow('GroupConv2d: outChannels must be a positive integer, got 0');
    expect(() => new LiftingConv2d(2, 2, 3, { padding: [1, 2] as never })).toThrow('LiftingConv2d: padding must be a non-negative integer');
    expect(() => cn(0)).toThrow('c0: the number of rotations must be a positive integer, got 0');
    expect(() => p4.compose(4, 0)).toThrow('p4: element must be an integer in [0, 4), got 4');
    expect(() => p4.element(1, true)).toThrow('p4: has no mirrors');
  });

  it('pooling, normalisation, actions and the PDE block check their inputs', () => {
    const plain = randn([1, 2, 6, 6]);
    expect(() => groupPool(plain)).toThrow('groupPool: expected a group feature map [N, C, |G|, H, W], got [1,2,6,6]');
    expect(() => groupMaxPool2d(plain, { kernelSize: 2 })).toThrow('groupMaxPool2d: expected a group feature map');
    expect(() => new GroupBatchNorm(3).call(randn([1, 2, 4, 6, 6]))).toThrow('GroupBatchNorm: expected a group feature map [N, 3, |G|, H, W], got [1,2,4,6,6]');
    expect(() => act(p4m, 1, randn([1, 2, 4, 6, 6]))).toThrow('act: expected [N, C, H, W] or a p4m feature map [N, C, 8, H, W], got [1,2,4,6,6]');
    expect(() => transformPlanes(cn(8), 1, randn([1, 1, 6, 5]))).toThrow('transformPlanes: c8 rotates by interpolation, which needs square planes, got [1,1,6,5]');
    expect(() => new AdvectionDiffusionBlock(4, { kernelSize: 4 })).toThrow('AdvectionDiffusionBlock: kernelSize must be odd');
    expect(() => new AdvectionDiffusionBlock(4, { steps: 0 })).toThrow('AdvectionDiffusionBlock: steps must be a positive integer, got 0');
    expect(() => new AdvectionDiffusionBlock(4).call(plain)).toThrow('AdvectionDiffusionBlock: expected [N, 4, H, W], got [1,2,6,6]');
  });

  it('a refused call leaves no tensors behind', () => {
    const conv = new GroupConv2d(2, 3, 3, { group: 'p4m', padding: 1 });
    const x = randn([1, 2, 4, 6, 6]);
    const before = memory().numTensors;
    expect(() => conv.call(x)).toThrow('GroupConv2d');
    expect(memory().numTensors).toBe(before);
  });
});

describe('groups', () => {
  it('p4m: compose is associative, inverses invert, and act is a homomorphism on maps', async () => {
    const G = p4m;
    for (let a = 0; a < G.order; a++) {
      expect(G.compose(a, G.inverse(a))).toBe(0);
      for (let b = 0; b < G.order; b++) for (let c = 0; c < G.order; c++) expect(G.compose(G.compose(a, b), c)).toBe(G.compose(a, G.compose(b, c)));
    }
    // A mirror turns a rotation backwards: F R F = R⁻¹.
    expect(G.compose(G.element(0, true), G.compose(G.element(1), G.element(0, true)))).toBe(G.element(3));
    const x = randn([1, 1, 8, 5, 5]);
    for (const [a, b] of [[1, 5], [6, 3], [4, 7]]) {
      const twice = act(G, a, act(G, b, x));
      const once = act(G, G.compose(a, b), x);
      expect(Array.from(await twice.data())).toEqual(Array.from(await once.data()));
    }
  });
});
