// The neighbour sampler: seeded, bounded fan-outs, edges that exist in the graph, and with
// full fan-outs, two SAGE layers on the sampled subgraph reproduce the full graph's outputs
// at the seeds.
import { expect, it } from 'vitest';
import { indexSelect, manualSeed, randn, tensor, tidy, type Tensor } from '@tessera/core';
import { noGrad } from '@tessera/autograd';
import { NeighborSampler, SAGEConv } from '../src/index';
import { randomEdges, seededRandom } from './helpers';

const numNodes = 40;
const { src, dst } = randomEdges(seededRandom(11), numNodes, 200);
const makeEdges = () => tidy(() => tensor(Int32Array.from([...src, ...dst]), { dtype: 'int32' }).reshape([2, src.length]));

async function host(t: Tensor): Promise<number[]> {
  return Array.from(await t.data());
}

it('samples at most k incoming edges per node and hop, all of them real edges, seeds first', async () => {
  const edgeIndex = makeEdges();
  const sampler = new NeighborSampler(edgeIndex, { numNeighbors: [3, 2], seed: 4 });
  const seeds = [5, 17, 30];
  const batch = sampler.sample(seeds);
  const nodes = await host(batch.nodes);
  const [local, ids] = [await batch.edgeIndex.array() as number[][], await host(batch.edgeIds)];
  expect(batch.batchSize).toBe(3);
  expect(nodes.slice(0, 3)).toEqual(seeds);
  expect(new Set(nodes).size).toBe(nodes.length);
  const perTarget = new Map<number, number>();
  local[0].forEach((s, e) => {
    expect(nodes[s]).toBe(src[ids[e]]);
    expect(nodes[local[1][e]]).toBe(dst[ids[e]]);
    perTarget.set(local[1][e], (perTarget.get(local[1][e]) ?? 0) + 1);
  });
  for (const [target, count] of perTarget) expect(count).toBeLessThanOrEqual(target < 3 ? 3 : 2);
  expect(new Set(ids).size).toBe(ids.length);
  for (const t of [batch.nodes, batch.edgeIndex, batch.edgeIds, edgeIndex]) t.dispose();
});

it('is reproducible from its seed', async () => {
  const edgeIndex = makeEdges();
  const draw = async (seed: number) => {
    const sampler = new NeighborSampler(edgeIndex, { numNeighbors: [4, 4], seed });
    const out: number[][] = [];
    for (const b of sampler.batches(Array.from({ length: 10 }, (_, i) => i), 4)) {
      out.push(await host(b.edgeIds), await host(b.nodes));
      for (const t of [b.nodes, b.edgeIndex, b.edgeIds]) t.dispose();
    }
    return out;
  };
  expect(await draw(1)).toEqual(await draw(1));
  expect(await draw(1)).not.toEqual(await draw(2));
  edgeIndex.dispose();
});

it('with every neighbour kept, two SAGE layers give the full graph\'s outputs at the seeds', async () => {
  manualSeed(2);
  const edgeIndex = makeEdges();
  const conv1 = new SAGEConv(4, 6);
  const conv2 = new SAGEConv(6, 3, { aggr: 'max' });
  const x = randn([numNodes, 4]);
  const model = (features: Tensor, edges: Tensor) => conv2.forward(conv1.forward(features, edges).relu(), edges);
  const sampler = new NeighborSampler(edgeIndex, { numNeighbors: [-1, -1] });
  const batch = sampler.sample([3, 8, 21, 39]);
  const [full, sampled] = noGrad(() => tidy(() => [
    indexSelect(model(x, edgeIndex), 0, tensor([3, 8, 21, 39], { dtype: 'int32' })),
    model(indexSelect(x, 0, batch.nodes), batch.edgeIndex).slice(0, 0, batch.batchSize),
  ]));
  const [a, b] = [await host(full), await host(sampled)];
  a.forEach((v, i) => expect(b[i]).toBeCloseTo(v, 5));
  for (const t of [edgeIndex, x, full, sampled, batch.nodes, batch.edgeIndex, batch.edgeIds]) t.dispose();
  conv1.dispose();
  conv2.dispose();
});

it('rejects bad fan-outs and seeds', () => {
  const edgeIndex = makeEdges();
  expect(() => new NeighborSampler(edgeIndex, { numNeighbors: [] })).toThrow('NeighborSampler: numNeighbors must be a non-empty list');
  const sampler = new NeighborSampler(edgeIndex, { numNeighbors: [2] });
  expect(() => sampler.sample([40])).toThrow('NeighborSampler: seed node 40 is outside [0, 40)');
  expect(() => sampler.sample([1, 1])).toThrow('NeighborSampler: seed node 1 appears twice');
  edgeIndex.dispose();
});
