// A training loop over every gcnn layer holds a flat tensor count and lowers its loss, on
// every backend: the gathered filter banks, pooled maps and PDE steps are all freed.
import { beforeAll, expect, it } from 'vitest';
import { crossEntropy, manualSeed, mean, memory, randn, relu, tensor, tidy, type Tensor } from '@tessera/core';
import { backward, enableAutograd } from '@tessera/autograd';
import { Adam, Linear, Module } from '@tessera/layers';
import { describeEachBackend } from '../../../tooling/parity';
import { AdvectionDiffusionBlock, GroupBatchNorm, GroupConv2d, groupMaxPool2d, groupPool, LiftingConv2d } from '../src/index';

class Tiny extends Module {
  readonly lift = this.registerModule('lift', new LiftingConv2d(1, 3, 3, { group: 'p4m', padding: 1 }));
  readonly conv = this.registerModule('conv', new GroupConv2d(3, 3, 3, { group: 'p4m', padding: 1 }));
  readonly bn = this.registerModule('bn', new GroupBatchNorm(3));
  readonly pde = this.registerModule('pde', new AdvectionDiffusionBlock(3, { steps: 2 }));
  readonly fc = this.registerModule('fc', new Linear(3, 2));

  forward(x: Tensor): Tensor {
    const h = groupMaxPool2d(relu(this.bn.call(this.conv.call(relu(this.lift.call(x))))), { kernelSize: 2 });
    return this.fc.call(mean(this.pde.call(groupPool(h, 'mean')), [2, 3]));
  }
}

beforeAll(() => {
  enableAutograd();
});

describeEachBackend('gcnn training loop', () => {
  it('keeps the tensor count flat and lowers the loss', async () => {
    manualSeed(3);
    const before = memory().numTensors;
    const model = new Tiny();
    const optimizer = new Adam(model.parameters(), { lr: 0.05 });
    const x = randn([4, 1, 6, 6]);
    const y = tensor(Int32Array.from([0, 1, 1, 0]), { dtype: 'int32' });
    const counts: number[] = [];
    const losses: number[] = [];
    for (let step = 0; step < 6; step++) {
      const loss = tidy(() => crossEntropy(model.call(x), y));
      backward(loss);
      optimizer.step();
      optimizer.zeroGrad();
      losses.push(Number(await loss.item()));
      loss.dispose();
      counts.push(memory().numTensors);
    }
    expect(new Set(counts.slice(1)).size).toBe(1);
    expect(losses[losses.length - 1]).toBeLessThan(losses[0]);
    for (const t of [x, y]) t.dispose();
    optimizer.dispose();
    model.dispose();
    expect(memory().numTensors).toBe(before);
  });
});
