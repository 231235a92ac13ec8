// Graph utilities against PyG's, written with torch ops (fixtures/generate_utils.py), plus
// Data and Batch. The utilities read indices on the host, so they run on js and wasm.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { randn, tensor, type Tensor } from '@tessera/core';
import { decodeTensor, describeEachBackend, expectClose, type TensorSpec } from '../../../tooling/parity';
import {
  addSelfLoops, Batch, coalesce, Data, degree, edgeRow, fromCsc, fromCsr, kHopSubgraph, removeSelfLoops, subgraph, toCsc, toCsr, toUndirected,
} from '../src/index';

interface UtilCase {
  fn: string;
  options: Record<string, unknown>;
  edgeAttr?: TensorSpec | null;
  subset?: number[];
  nodeIdx?: number[];
  numHops?: number;
  row?: 0 | 1;
  expected: (TensorSpec | null)[];
}

const fixture = JSON.parse(readFileSync(new URL('./fixtures/utils.json', import.meta.url), 'utf8')) as { edgeIndex: TensorSpec; cases: UtilCase[] };

function run(c: UtilCase, edgeIndex: Tensor, edgeAttr: Tensor | null): (Tensor | null)[] {
  switch (c.fn) {
    case 'addSelfLoops':
      return addSelfLoops(edgeIndex, edgeAttr, c.options);
    case 'removeSelfLoops':
      return removeSelfLoops(edgeIndex, edgeAttr);
    case 'coalesce':
      return coalesce(edgeIndex, edgeAttr, c.options);
    case 'toUndirected':
      return toUndirected(edgeIndex, edgeAttr, c.options);
    case 'subgraph':
      return subgraph(c.subset!, edgeIndex, edgeAttr, c.options);
    case 'kHopSubgraph':
      return kHopSubgraph(c.nodeIdx!, c.numHops!, edgeIndex, c.options);
    case 'degree':
      return [degree(edgeRow(edgeIndex, c.row!), c.options.numNodes as number)];
    default:
      throw new Error(`unknown utility ${c.fn}`);
  }
}

describeEachBackend('graph utilities match PyG', (backend) => {
  if (backend === 'webgpu') {
    it('read indices on the host, which webgpu refuses with a clear error', () => {
      const e = decodeTensor(fixture.edgeIndex);
      expect(() => removeSelfLoops(e)).toThrow('removeSelfLoops: reads the indices on the host, which webgpu cannot do synchronously');
      e.dispose();
    });
    return;
  }
  fixture.cases.forEach((c, i) => {
    it(`${c.fn} #${i} ${JSON.stringify(c.options)}`, async () => {
      const edgeIndex = decodeTensor(fixture.edgeIndex);
      const edgeAttr = c.edgeAttr ? decodeTensor(c.edgeAttr) : null;
      const got = run(c, edgeIndex, edgeAttr);
      expect(got.length).toBe(c.expected.length);
      for (let k = 0; k < got.length; k++) {
        const want = c.expected[k];
        if (want === null) expect(got[k]).toBeNull();
        else await expectClose(got[k]!, want);
      }
      for (const t of [edgeIndex, edgeAttr, ...got]) t?.dispose();
    });
  });

  it('Batch.fromDataList offsets edges, concatenates features and numbers the graphs', async () => {
    const g1 = new Data({ x: randn([3, 2]), edgeIndex: tensor([[0, 1], [1, 2]], { dtype: 'int32' }), y: tensor([1], { dtype: 'int32' }) });
    const g2 = new Data({ x: randn([2, 2]), edgeIndex: tensor([[1], [0]], { dtype: 'int32' }), y: tensor([0], { dtype: 'int32' }) });
    const batch = Batch.fromDataList([g1, g2]);
    expect(batch.numGraphs).toBe(2);
    expect(batch.numNodes).toBe(5);
    expect(batch.numEdges).toBe(3);
    expect(await batch.edgeIndex.array()).toEqual([[0, 1, 4], [1, 2, 3]]);
    expect(await batch.batch.array()).toEqual([0, 0, 0, 1, 1]);
    expect(await batch.ptr.array()).toEqual([0, 3, 5]);
    expect(await batch.y!.array()).toEqual([1, 0]);
    expect(Array.from(await batch.x!.data())).toEqual([...(await g1.x!.data()), ...(await g2.x!.data())]);
    for (const d of [g1, g2, batch]) d.dispose();
  });
});

describeEachBackend('CSR and CSC conversion', (backend) => {
  if (backend === 'webgpu') {
    it('sorts on the host, which webgpu refuses with core\'s pointer to the async builder', () => {
      const e = decodeTensor(fixture.edgeIndex);
      expect(() => toCsr(e, 7)).toThrow('edgeIndexToCsr: cannot read a webgpu edgeIndex synchronously; use await edgeIndexToCsrAsync');
      e.dispose();
    });
    return;
  }
  for (const [name, to, from, key] of [['CSR', toCsr, fromCsr, 0], ['CSC', toCsc, fromCsc, 1]] as const) {
    it(`${name}: sorted stably by ${key === 0 ? 'source' : 'target'}, and back to the edges it was made from`, async () => {
      const edgeIndex = decodeTensor(fixture.edgeIndex);
      const { ptr, index, perm } = to(edgeIndex, 7);
      const back = from(ptr, index);
      const [edges, order, rebuilt] = [await edgeIndex.array() as number[][], Array.from(await perm.data()), await back.array() as number[][]];
      // Edge k of the compressed form is edge perm[k] of the original, grouped by the key row in ascending order.
      expect(rebuilt).toEqual([order.map((e) => edges[0][e]), order.map((e) => edges[1][e])]);
      const keys = order.map((e) => edges[key][e]);
      keys.forEach((k, i) => i > 0 && expect(k > keys[i - 1] || (k === keys[i - 1] && order[i] > order[i - 1])).toBe(true));
      const offsets = Array.from(await ptr.data());
      expect(offsets.length).toBe(8);
      keys.forEach((k, i) => expect(offsets[k] <= i && i < offsets[k + 1]).toBe(true));
      expect(() => from(tensor([0, 5], { dtype: 'int32' }), index)).toThrow(`from${name[0] + name.slice(1).toLowerCase()}`);
      for (const t of [edgeIndex, ptr, index, perm, back]) t.dispose();
    });
  }
});
