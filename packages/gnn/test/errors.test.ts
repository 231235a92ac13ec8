// Bad input gets an error naming the layer or function, the shapes and what was expected.
import { expect, it } from 'vitest';
import { memory, randn, tensor, type Tensor } from '@tessera/core';
import { Linear, type Module } from '@tessera/layers';
import {
  addSelfLoops, Batch, Data, GATConv, GCNConv, GINConv, globalMeanPool, kHopSubgraph, removeSelfLoops, SAGEConv, subgraph, toUndirected,
} from '../src/index';

const int = (rows: number[][]) => tensor(rows, { dtype: 'int32' });
const layers: [string, () => Module][] = [
  ['GCNConv', () => new GCNConv(3, 2)],
  ['SAGEConv', () => new SAGEConv(3, 2)],
  ['GATConv', () => new GATConv(3, 2, { heads: 2 })],
  ['GINConv', () => new GINConv(new Linear(3, 2))],
];

function call(layer: Module, x: Tensor, edgeIndex: Tensor): void {
  layer.call(x, edgeIndex);
}

for (const [name, make] of layers) {
  it(`${name}: out-of-range, float, [E, 2] edge indices and wrong feature sizes are clear errors`, () => {
    const layer = make();
    const x = randn([4, 3]);
    const [outOfRange, negative, float, transposed, one] = [
      int([[0, 1, 7], [1, 2, 3]]), int([[0, 1, -1], [1, 2, 3]]), tensor([[0, 1], [1, 2]], { dtype: 'float32' }), int([[0, 1], [1, 2], [2, 3]]), int([[0], [1]]),
    ];
    const [wide, flat] = [randn([4, 5]), randn([4])];
    const before = memory().numTensors;
    expect(() => call(layer, x, outOfRange)).toThrow(new RegExp(`^${name}: edgeIndex \\[2,3\\] holds node 7 at position 2, outside \\[0, 4\\)`));
    expect(() => call(layer, x, negative)).toThrow(`${name}: edgeIndex [2,3] holds node -1`);
    expect(() => call(layer, x, float)).toThrow(`${name}: edgeIndex must be int32, got float32 of shape [2,2]`);
    expect(() => call(layer, x, transposed)).toThrow(`${name}: edgeIndex must have shape [2, E], got [3,2] (it looks like [E, 2]: transpose it)`);
    if (name !== 'GINConv') expect(() => call(layer, wide, one)).toThrow(`${name}: x has 5 channels (shape [4,5]), expected inChannels=3`);
    expect(() => call(layer, flat, one)).toThrow(`${name}: x must be [numNodes, channels], got [4]`);
    // Nothing is left half-made: a failed call frees what it allocated.
    expect(memory().numTensors).toBe(before);
    layer.dispose();
  });
}

it('GCNConv: edge weights of the wrong length, and loops without normalisation', () => {
  const layer = new GCNConv(3, 2);
  expect(() => layer.forward(randn([4, 3]), int([[0, 1], [1, 2]]), randn([3]))).toThrow('GCNConv: edgeWeight must be a float32 vector of 2 (one per edge), got float32 of shape [3]');
  expect(() => new GCNConv(3, 2, { normalize: false, addSelfLoops: true })).toThrow('GCNConv: addSelfLoops needs normalize');
  layer.dispose();
});

it('utilities and pools name themselves and the shapes', () => {
  expect(() => removeSelfLoops(int([[0, 1], [1, 0], [2, 2]]))).toThrow('removeSelfLoops: edgeIndex must have shape [2, E], got [3,2]');
  expect(() => toUndirected(int([[0, 5], [1, 0]]), null, { numNodes: 3 })).toThrow('toUndirected: edgeIndex [2,2] holds node 5');
  expect(() => addSelfLoops(int([[0, 1], [1, 0]]), randn([3]))).toThrow('addSelfLoops: edgeAttr [3] must have one row per edge of edgeIndex [2,2]');
  expect(() => subgraph([0, 9], int([[0, 1], [1, 0]]), null, { numNodes: 3 })).toThrow('subgraph: subset holds node 9, outside [0, 3)');
  expect(() => kHopSubgraph(4, 1, int([[0, 1], [1, 0]]))).toThrow('kHopSubgraph: seed node 4 is outside [0, 2)');
  expect(() => globalMeanPool(randn([4, 2]), tensor([0, 0, 1], { dtype: 'int32' }))).toThrow(
    'globalMeanPool: batch must be an int32 vector of one graph id per node (4 for x [4,2]), got int32 of shape [3]');
  expect(() => new Data({ x: randn([3, 2]), edgeIndex: int([[0], [1]]), trainMask: tensor([true, false], { dtype: 'bool' }) })).toThrow(
    'Data: trainMask must be a bool vector of 3 (one per node), got bool of shape [2]');
  const a = new Data({ x: randn([2, 2]), edgeIndex: int([[0], [1]]) });
  const b = new Data({ edgeIndex: int([[0], [1]]), numNodes: 2 });
  expect(() => Batch.fromDataList([a, b])).toThrow('Batch.fromDataList: x is set on some graphs and not on others');
});
