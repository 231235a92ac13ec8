// Training a two-layer GNN holds a flat tensor count: every intermediate of the forward and
// backward passes and of the optimiser step is freed.
import { beforeAll, expect, it } from 'vitest';
import { crossEntropy, manualSeed, memory, randn, tensor, tidy } from '@tessera/core';
import { backward, enableAutograd } from '@tessera/autograd';
import { Adam } from '@tessera/layers';
import { describeEachBackend } from '../../../tooling/parity';
import { GATConv, GCNConv } from '../src/index';
import { randomEdges, seededRandom } from './helpers';

beforeAll(() => {
  enableAutograd();
});

describeEachBackend('memory', (backend) => {
  it('stays flat over many GCN + GAT training steps', async () => {
    manualSeed(1);
    const { src, dst } = randomEdges(seededRandom(2), 20, 60);
    const edgeIndex = tidy(() => tensor(Int32Array.from([...src, ...dst]), { dtype: 'int32' }).reshape([2, 60]));
    const x = randn([20, 6]);
    const y = tensor(Int32Array.from({ length: 20 }, (_, i) => i % 3), { dtype: 'int32' });
    const conv1 = new GCNConv(6, 8, { cached: true });
    const conv2 = new GATConv(8, 3, { heads: 2, concat: false, dropout: 0.1 });
    const optimizer = new Adam([...conv1.parameters(), ...conv2.parameters()], { lr: 0.01 });
    const step = () => {
      const loss = tidy(() => crossEntropy(conv2.forward(conv1.forward(x, edgeIndex).relu(), edgeIndex), y));
      backward(loss);
      optimizer.step();
      optimizer.zeroGrad();
      return loss;
    };
    step().dispose();
    const before = memory().numTensors;
    const steps = backend === 'webgpu' ? 30 : 300;
    let last = 0;
    for (let i = 0; i < steps; i++) {
      const loss = step();
      if (i === steps - 1) last = (await loss.data())[0];
      loss.dispose();
    }
    expect(memory().numTensors).toBe(before);
    expect(Number.isFinite(last)).toBe(true);
    for (const t of [edgeIndex, x, y]) t.dispose();
    conv1.dispose();
    conv2.dispose();
    optimizer.dispose();
  });
});
