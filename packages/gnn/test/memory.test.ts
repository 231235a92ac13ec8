// Training a small two-layer GNN (GCN, then GAT with dropout) for 1,000 steps holds a flat
// tensor count: every intermediate of the forward and backward passes and of the optimiser
// step is freed. The graph is tiny so the 1,000 steps take seconds (webgpu on SwiftShader runs
// fewer). SAGE's max aggregation is counted in fused.test.ts and autograd's sparse-grads test.
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
  it('stays flat over 1,000 GCN + GAT training steps', async () => {
    manualSeed(1);
    const { src, dst } = randomEdges(seededRandom(2), 12, 36);
    const edgeIndex = tidy(() => tensor(Int32Array.from([...src, ...dst]), { dtype: 'int32' }).reshape([2, 36]));
    const x = randn([12, 6]);
    const y = tensor(Int32Array.from({ length: 12 }, (_, i) => i % 3), { dtype: 'int32' });
    const conv1 = new GCNConv(6, 8, { cached: true });
    const conv2 = new GATConv(8, 3, { heads: 2, concat: false, dropout: 0.1 });
    const layers = [conv1, conv2];
    const optimizer = new Adam(layers.flatMap((layer) => layer.parameters()), { lr: 0.01 });
    const step = () => {
      const loss = tidy(() => crossEntropy(conv2.forward(conv1.forward(x, edgeIndex).relu(), edgeIndex), y));
      backward(loss);
      optimizer.step();
      optimizer.zeroGrad();
      return loss;
    };
    step().dispose();
    const before = memory().numTensors;
    const steps = backend === 'webgpu' ? 30 : 1000;
    let last = 0;
    for (let i = 0; i < steps; i++) {
      const loss = step();
      if (i === steps - 1) last = (await loss.data())[0];
      loss.dispose();
    }
    expect(memory().numTensors).toBe(before);
    expect(Number.isFinite(last)).toBe(true);
    for (const t of [edgeIndex, x, y]) t.dispose();
    layers.forEach((layer) => layer.dispose());
    optimizer.dispose();
  }, 120_000);
});
