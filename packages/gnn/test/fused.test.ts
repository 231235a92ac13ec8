// The fused path: layers given a prebuilt CsrGraph (edge weights in CSR order) match the same
// layers given the edge index, and a GCN / SAGE (mean and max) / GIN training step over many edges never
// holds one message per edge and feature (checked with core's peak-byte counter).
import { beforeAll, expect, it } from 'vitest';
import { crossEntropy, edgeIndexToCsrAsync, manualSeed, memory, randn, rand, resetPeakBytes, tensor, tidy, type Tensor } from '@tessera/core';
import { backward, enableAutograd, noGrad } from '@tessera/autograd';
import { Linear, type Module } from '@tessera/layers';
import { describeEachBackend } from '../../../tooling/parity';
import { GATConv, GCNConv, GINConv, SAGEConv } from '../src/index';
import { randomEdges, seededRandom } from './helpers';

beforeAll(() => {
  enableAutograd();
});

async function expectNear(a: Tensor, b: Tensor): Promise<void> {
  const [x, y] = [await a.data(), await b.data()];
  expect(a.shape).toEqual(b.shape);
  for (let i = 0; i < x.length; i++) expect(Math.abs(x[i] - y[i])).toBeLessThanOrEqual(1e-4 + 1e-4 * Math.abs(y[i]));
}

describeEachBackend('fused aggregation', (backend) => {
  it('layers give the same outputs and attention for a CsrGraph as for its edge index', async () => {
    manualSeed(4);
    const { src, dst } = randomEdges(seededRandom(9), 12, 40);
    const edgeIndex = tidy(() => tensor(Int32Array.from([...src, ...dst]), { dtype: 'int32' }).reshape([2, 40]));
    const graph = await edgeIndexToCsrAsync(edgeIndex, { numNodes: 12 });
    const x = randn([12, 5]);
    const weight = rand([40]).add(0.5);
    const gcn = new GCNConv(5, 3);
    const gat = new GATConv(5, 2, { heads: 2 });
    const sage = new SAGEConv(5, 3, { aggr: 'max' });
    const pairs = noGrad(() => tidy(() => [
      [gcn.forward(x, edgeIndex, weight), gcn.forward(x, graph, graph.toCsrOrder(weight))],
      [sage.forward(x, edgeIndex), sage.forward(x, graph)],
    ]));
    for (const [fromIndex, fromCsr] of pairs) await expectNear(fromIndex, fromCsr);
    const [outList, [edgesList, alphaList]] = noGrad(() => gat.forward(x, edgeIndex, { returnAttentionWeights: true }));
    const [outCsr, [edgesCsr, alphaCsr]] = noGrad(() => gat.forward(x, graph, { returnAttentionWeights: true }));
    await expectNear(outList, outCsr);
    expect(edgesList.shape).toEqual([2, 52]);
    expect(edgesCsr.shape).toEqual([2, 52]);
    // Attention sums to 1 over each node's incoming edges and its loop, whichever order.
    for (const [edges, alpha] of [[edgesList, alphaList], [edgesCsr, alphaCsr]]) {
      const targets = (await edges.array() as number[][])[1];
      const a = await alpha.data();
      const sums = new Array(12).fill(0);
      targets.forEach((t, e) => (sums[t] += a[e * 2]));
      sums.forEach((s) => expect(s).toBeCloseTo(1, 5));
    }
    for (const t of [edgeIndex, x, weight, outList, edgesList, alphaList, outCsr, edgesCsr, alphaCsr, ...pairs.flat()]) t.dispose();
    graph.dispose();
    gcn.dispose();
    gat.dispose();
    sage.dispose();
  });

  if (backend === 'webgpu') return; // there, an edge index is aggregated as an edge list (see src/nn/edges.ts)

  const layers: [string, () => Module][] = [
    ['GCNConv', () => new GCNConv(64, 64)],
    ['SAGEConv', () => new SAGEConv(64, 64)],
    // max/min route the gradient to the extreme edges with kernels that recompute the messages.
    ["SAGEConv (aggr 'max')", () => new SAGEConv(64, 64, { aggr: 'max' })],
    ['GINConv', () => new GINConv(new Linear(64, 64))],
  ];
  for (const [name, make] of layers) {
    it(`${name}: a training step over 20,000 edges never holds an edge × feature tensor`, async () => {
      manualSeed(6);
      const n = 200;
      const { src, dst } = randomEdges(seededRandom(1), n, 20_000);
      const edgeIndex = tidy(() => tensor(Int32Array.from([...src, ...dst]), { dtype: 'int32' }).reshape([2, src.length]));
      const x = randn([n, 64]);
      const y = tensor(Int32Array.from({ length: n }, (_, i) => i % 64), { dtype: 'int32' });
      const layer = make();
      resetPeakBytes();
      const start = memory().byBackend[backend]!.numBytes;
      const loss = tidy(() => crossEntropy(layer.call(x, edgeIndex) as Tensor, y));
      backward(loss);
      const peak = memory().byBackend[backend]!.peakBytes - start;
      const messageBytes = 20_000 * 64 * 4;
      // The CSR, per-edge weights and node features stay far below one E × F float matrix.
      expect(peak).toBeLessThan(messageBytes / 4);
      for (const t of [edgeIndex, x, y, loss]) t.dispose();
      layer.dispose();
    });
  }
});
