// GCNConv's `cached` option, as PyG's: the graph normalised on the first call is reused
// (later graphs are ignored) until resetCache(), and it holds no tensors after dispose().
import { expect, it } from 'vitest';
import { manualSeed, memory, randn, tensor, tidy, type Tensor } from '@tessera/core';
import { noGrad } from '@tessera/autograd';
import { describeEachBackend } from '../../../tooling/parity';
import { GCNConv } from '../src/index';

const edges = (rows: number[][]) => tidy(() => tensor(rows, { dtype: 'int32' }));

async function values(t: Tensor): Promise<number[]> {
  const out = Array.from(await t.data());
  t.dispose();
  return out;
}

describeEachBackend('GCNConv cached', () => {
  it('reuses the first graph until resetCache, and frees it on dispose', async () => {
    manualSeed(12);
    const x = randn([4, 3]);
    const ring = edges([[0, 1, 2, 3], [1, 2, 3, 0]]);
    const star = edges([[1, 2, 3], [0, 0, 0]]);
    const before = memory().numTensors;
    const plain = new GCNConv(3, 2);
    const cached = new GCNConv(3, 2, { cached: true });
    cached.loadStateDict(plain.stateDict());
    const run = (layer: GCNConv, graph: Tensor) => values(noGrad(() => layer.call(x, graph)));
    const [ringOut, starOut] = [await run(plain, ring), await run(plain, star)];
    expect(await run(cached, ring)).toEqual(ringOut);
    expect(await run(cached, star)).toEqual(ringOut); // the cached ring, as PyG
    cached.resetCache();
    expect(await run(cached, star)).toEqual(starOut);
    plain.dispose();
    cached.dispose();
    expect(memory().numTensors).toBe(before);
    for (const t of [x, ring, star]) t.dispose();
  });
});
