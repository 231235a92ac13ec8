// Permutation equivariance of every layer and invariance of the pools, on random graphs:
// relabelling the nodes by p (x' = x[p], edges relabelled by p⁻¹) must give f(x')= f(x)[p].
import { beforeAll, expect, it } from 'vitest';
import { indexSelect, manualSeed, randn, tensor, tidy, type Tensor } from '@tessera/core';
import { enableAutograd, noGrad } from '@tessera/autograd';
import { Linear, ReLU, Sequential, type Module } from '@tessera/layers';
import { describeEachBackend } from '../../../tooling/parity';
import {
  GATConv, GCNConv, GINConv, globalAddPool, globalMaxPool, globalMeanPool, MessagePassing, SAGEConv, type MessageArgs,
} from '../src/index';
import { invert, randomEdges, randomPermutation, seededRandom } from './helpers';

/** A layer with its own message (the gathered path): mean of (x_j − x_i) · w_e. */
class Differences extends MessagePassing {
  constructor() {
    super({ aggr: 'max' });
  }
  forward(x: Tensor, edgeIndex: Tensor): Tensor {
    return this.propagate(edgeIndex, { x });
  }
  override message({ xJ, xI }: MessageArgs): Tensor {
    return xJ.sub(xI);
  }
}

const layers: [string, () => Module][] = [
  ['GCNConv', () => new GCNConv(5, 4)],
  ['GCNConv improved, no loops', () => new GCNConv(5, 4, { improved: true, addSelfLoops: false })],
  ['SAGEConv mean', () => new SAGEConv(5, 4)],
  ['SAGEConv max, normalize', () => new SAGEConv(5, 4, { aggr: 'max', normalize: true })],
  ['GATConv 3 heads', () => new GATConv(5, 4, { heads: 3 })],
  ['GATConv 2 heads mean', () => new GATConv(5, 4, { heads: 2, concat: false })],
  ['GINConv', () => new GINConv(new Sequential(new Linear(5, 8), new ReLU(), new Linear(8, 4)), { eps: 0.3 })],
  ['MessagePassing with its own message', () => new Differences()],
];

const int = (values: number[]) => tensor(Int32Array.from(values), { dtype: 'int32' });

async function close(a: Tensor, b: Tensor): Promise<void> {
  const [x, y] = [await a.data(), await b.data()];
  expect(a.shape).toEqual(b.shape);
  for (let i = 0; i < x.length; i++) expect(Math.abs(x[i] - y[i])).toBeLessThanOrEqual(1e-4 + 1e-4 * Math.abs(y[i]));
}

beforeAll(() => {
  enableAutograd();
});

describeEachBackend('permutation equivariance', () => {
  for (const [name, make] of layers) {
    it(`${name}: relabelling the nodes permutes the outputs`, async () => {
      manualSeed(3);
      const random = seededRandom(name.length);
      const layer = make();
      for (let trial = 0; trial < 3; trial++) {
        const n = 6 + trial * 3;
        const { src, dst } = randomEdges(random, n, 3 * n);
        const p = randomPermutation(random, n);
        const inv = invert(p);
        const [out, permutedOut, expected] = noGrad(() => tidy(() => {
          const x = randn([n, 5]);
          const edgeIndex = int([...src, ...dst]).reshape([2, src.length]);
          const relabelled = int([...src.map((v) => inv[v]), ...dst.map((v) => inv[v])]).reshape([2, src.length]);
          const y = layer.call(x, edgeIndex) as Tensor;
          const yp = layer.call(indexSelect(x, 0, int(p)), relabelled) as Tensor;
          return [y, yp, indexSelect(y, 0, int(p))];
        }));
        await close(permutedOut, expected);
        for (const t of [out, permutedOut, expected]) t.dispose();
      }
      layer.dispose();
    });
  }

  for (const [name, pool] of [['globalAddPool', globalAddPool], ['globalMeanPool', globalMeanPool], ['globalMaxPool', globalMaxPool]] as const) {
    it(`${name} is invariant to the order of the nodes`, async () => {
      manualSeed(5);
      const random = seededRandom(7);
      const graphOf = [0, 0, 0, 1, 1, 2, 2, 2, 2, 2];
      const p = randomPermutation(random, graphOf.length);
      const [a, b] = tidy(() => {
        const x = randn([graphOf.length, 3]);
        return [pool(x, int(graphOf), 3), pool(indexSelect(x, 0, int(p)), int(p.map((i) => graphOf[i])), 3)];
      });
      await close(b, a);
      a.dispose();
      b.dispose();
    });
  }
});
