// MessagePassing's two paths agree: a layer overriding `message` with the default's formula
// (gathered per edge, then scattered) gives what the fused aggregation gives, for every
// aggregation, with per-edge inputs; and flow 'target_to_source' equals reversing the edges.
import { beforeAll, expect, it } from 'vitest';
import { flip, manualSeed, mul, rand, randn, tensor, tidy, unsqueeze, type Tensor } from '@tessera/core';
import { enableAutograd, noGrad } from '@tessera/autograd';
import { describeEachBackend } from '../../../tooling/parity';
import { MessagePassing, type Aggregation, type Flow, type MessageArgs } from '../src/index';
import { randomEdges, seededRandom } from './helpers';

class Fused extends MessagePassing {
  constructor(aggr: Aggregation, flow: Flow = 'source_to_target') {
    super({ aggr, flow });
  }
  forward(x: Tensor, edgeIndex: Tensor, edgeWeight: Tensor | null): Tensor {
    return this.propagate(edgeIndex, { x, edgeWeight });
  }
}

/** The default message written out, which turns the fused path off. */
class Gathered extends Fused {
  override message({ xJ, edgeAttr }: MessageArgs): Tensor {
    return mul(xJ, unsqueeze(edgeAttr, 1));
  }
  override forward(x: Tensor, edgeIndex: Tensor, edgeWeight: Tensor | null): Tensor {
    return this.propagate(edgeIndex, { x, edgeAttr: edgeWeight });
  }
}

beforeAll(() => {
  enableAutograd();
});

async function expectNear(a: Tensor, b: Tensor): Promise<void> {
  const [x, y] = [await a.data(), await b.data()];
  expect(a.shape).toEqual(b.shape);
  for (let i = 0; i < x.length; i++) expect(Math.abs(x[i] - y[i])).toBeLessThanOrEqual(1e-5 + 1e-4 * Math.abs(y[i]));
}

describeEachBackend('MessagePassing', () => {
  for (const aggr of ['add', 'mean', 'max', 'min'] as const) {
    it(`a custom message gives the fused path's result (${aggr}, per-edge inputs in the edge index's order)`, async () => {
      manualSeed(8);
      const { src, dst } = randomEdges(seededRandom(3), 10, 30);
      const [edgeIndex, x, w] = tidy(() => [tensor(Int32Array.from([...src, ...dst]), { dtype: 'int32' }).reshape([2, 30]), randn([10, 4]), rand([30]).add(0.5)]);
      const [fused, gathered] = noGrad(() => [new Fused(aggr).call(x, edgeIndex, w), new Gathered(aggr).call(x, edgeIndex, w)]);
      await expectNear(gathered, fused);
      for (const t of [edgeIndex, x, w, fused, gathered]) t.dispose();
    });
  }

  it("flow 'target_to_source' sends messages along the reversed edges", async () => {
    manualSeed(9);
    const { src, dst } = randomEdges(seededRandom(5), 8, 20);
    const [edgeIndex, x, w] = tidy(() => [tensor(Int32Array.from([...src, ...dst]), { dtype: 'int32' }).reshape([2, 20]), randn([8, 3]), rand([20])]);
    const [reversed, flowed] = noGrad(() => tidy(() => [new Fused('mean').call(x, flip(edgeIndex, [0]), w), new Fused('mean', 'target_to_source').call(x, edgeIndex, w)]));
    await expectNear(flowed, reversed);
    for (const t of [edgeIndex, x, w, reversed, flowed]) t.dispose();
  });

  it('rejects an unknown aggregation or flow, naming the layer', () => {
    expect(() => new Fused('median' as Aggregation)).toThrow("Fused: aggr must be one of add, sum, mean, max, min; got 'median'");
    expect(() => new Fused('add', 'sideways' as Flow)).toThrow("Fused: flow must be 'source_to_target' or 'target_to_source', got 'sideways'");
  });
});
