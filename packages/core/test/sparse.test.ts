// The sparse graph ops against PyTorch (fixtures/sparse.json, from generate_sparse.py) on
// every backend in TESSERA_BACKENDS: the CSR built from an edge index, sparseAggregate with
// every reduction (single- and multi-head, with and without edge weights) and
// segmentSoftmax; then bad input and a flat tensor count. Gradients: @tessera/autograd's
// test/sparse-grads.test.ts.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { decodeTensor, describeEachBackend, expectClose, type TensorSpec } from '../../../tooling/parity';
import {
  assertFlat,
  CsrGraph,
  edgeIndexToCsr,
  edgeIndexToCsrAsync,
  memory,
  randn,
  segmentSoftmax,
  sparseAggregate,
  tensor,
  tidy,
  type SparseReduceOp,
  type Tensor,
} from './setup';

interface GraphCase {
  name: string;
  edgeIndex: TensorSpec;
  numNodes: [number, number];
  rowPtr: TensorSpec;
  colIndex: TensorSpec;
  rowIndex: TensorSpec;
  perm: TensorSpec;
  tRowPtr: TensorSpec;
  tColIndex: TensorSpec;
  tPerm: TensorSpec;
}
interface AggregateCase {
  name: string;
  graph: number;
  reduce: SparseReduceOp;
  x: TensorSpec;
  edgeWeight: TensorSpec | null;
  out: TensorSpec;
}
interface SoftmaxCase {
  name: string;
  graph: number;
  scores: TensorSpec;
  out: TensorSpec;
}

const fixtures: { graphs: GraphCase[]; aggregate: AggregateCase[]; softmax: SoftmaxCase[] } = JSON.parse(
  readFileSync(new URL('./fixtures/sparse.json', import.meta.url), 'utf8'),
);

/** Builds fixture graph `i` on the active backend (async: webgpu cannot read back synchronously). */
async function graphOf(i: number): Promise<CsrGraph> {
  const c = fixtures.graphs[i];
  const edgeIndex = decodeTensor(c.edgeIndex);
  const graph = await edgeIndexToCsrAsync(edgeIndex, { numNodes: c.numNodes });
  edgeIndex.dispose();
  return graph;
}

/** Runs `fn` with the decoded tensors and disposes them (and its result) after. */
async function withTensors(specs: (TensorSpec | null)[], fn: (...t: (Tensor | null)[]) => Promise<void>): Promise<void> {
  const tensors = specs.map((s) => (s === null ? null : decodeTensor(s)));
  try {
    await fn(...tensors);
  } finally {
    tensors.forEach((t) => t?.dispose());
  }
}

describeEachBackend('sparse graph ops match PyTorch', (backend) => {
  for (const [i, c] of fixtures.graphs.entries()) {
    it(`CSR of the ${c.name}`, async () => {
      const graph = await graphOf(i);
      const fields = ['rowPtr', 'colIndex', 'rowIndex', 'perm', 'tRowPtr', 'tColIndex', 'tPerm'] as const;
      for (const field of fields) await expectClose(graph[field], c[field]);
      expect([graph.numSrc, graph.numDst, graph.numEdges]).toEqual([...c.numNodes, c.edgeIndex.shape[1]]);
      // The transpose's own transpose is the graph, and the position maps invert each other.
      const reversed = graph.transpose();
      await expectClose(reversed.rowPtr, c.tRowPtr);
      const roundTrip = tidy(() => graph.toT.indexSelect(0, graph.fromT));
      expect(Array.from(await roundTrip.data())).toEqual(Array.from({ length: graph.numEdges }, (_, k) => k));
      roundTrip.dispose();
      if (backend !== 'webgpu') {
        const edgeIndex = decodeTensor(c.edgeIndex);
        const sync = edgeIndexToCsr(edgeIndex, { numNodes: c.numNodes });
        await expectClose(sync.colIndex, c.colIndex);
        sync.dispose();
        edgeIndex.dispose();
      }
      graph.dispose();
    });
  }

  for (const c of fixtures.aggregate) {
    it(`sparseAggregate, ${c.name}`, async () => {
      const graph = await graphOf(c.graph);
      await withTensors([c.x, c.edgeWeight], async (x, w) => {
        const out = tidy(() => sparseAggregate(x as Tensor, graph, { reduce: c.reduce, edgeWeight: w && graph.toCsrOrder(w) }));
        await expectClose(out, c.out);
        out.dispose();
      });
      graph.dispose();
    });
  }

  for (const c of fixtures.softmax) {
    it(`segmentSoftmax, ${c.name}`, async () => {
      const graph = await graphOf(c.graph);
      await withTensors([c.scores], async (scores) => {
        const out = tidy(() => segmentSoftmax(graph.toCsrOrder(scores as Tensor), graph));
        await expectClose(out, c.out);
        out.dispose();
      });
      graph.dispose();
    });
  }

  it('rejects bad edge indices, features and weights with errors naming the op and shapes', async () => {
    const float = tensor([[0, 1], [1, 0]], { dtype: 'float32' });
    const transposed = tensor([[0, 1], [1, 2], [2, 0]], { dtype: 'int32' });
    const outOfRange = tensor([[0, 5], [1, 0]], { dtype: 'int32' });
    const negative = tensor([[0, 1], [-1, 0]], { dtype: 'int32' });
    await expect(edgeIndexToCsrAsync(float)).rejects.toThrow('edgeIndexToCsrAsync: edgeIndex must be an int32 tensor, got float32 (shape [2,2])');
    await expect(edgeIndexToCsrAsync(transposed)).rejects.toThrow('edgeIndex [3,2] looks like [E, 2]; expected [2, E]');
    await expect(edgeIndexToCsrAsync(outOfRange, { numNodes: 3 })).rejects.toThrow('source index 5 of edge 1 is out of range for 3 nodes');
    await expect(edgeIndexToCsrAsync(negative)).rejects.toThrow('target index -1 of edge 0 is out of range');
    const graph = await graphOf(0);
    const x = randn([graph.numSrc + 1, 4]);
    const good = randn([graph.numSrc, 2, 4]);
    const w = randn([graph.numEdges, 3]);
    expect(() => sparseAggregate(x, graph)).toThrow(`sparseAggregate: x must be [numSrc, F] or [numSrc, H, F] with numSrc = ${graph.numSrc} source nodes, got [${graph.numSrc + 1},4]`);
    expect(() => sparseAggregate(good, graph, { edgeWeight: w })).toThrow(`sparseAggregate: edgeWeight must be [E] or [E, H] with E = ${graph.numEdges} edges and H = 2, got [${graph.numEdges},3]`);
    expect(() => sparseAggregate(good, graph, { reduce: 'prod' as SparseReduceOp })).toThrow("reduce must be one of sum, mean, max, min; got 'prod'");
    expect(() => segmentSoftmax(x, graph)).toThrow(`segmentSoftmax: scores must be [E] or [E, H] with E = ${graph.numEdges} edges, got [${graph.numSrc + 1},4]`);
    if (backend === 'webgpu') {
      const edgeIndex = tensor([[0], [1]], { dtype: 'int32' });
      expect(() => edgeIndexToCsr(edgeIndex)).toThrow('edgeIndexToCsr: cannot read a webgpu edgeIndex synchronously; use await edgeIndexToCsrAsync');
      edgeIndex.dispose();
    }
    graph.dispose();
    expect(() => sparseAggregate(good, graph)).toThrow('sparseAggregate: graph was used after dispose()');
    for (const t of [float, transposed, outOfRange, negative, x, good, w]) t.dispose();
  });

  it('holds a flat tensor count over repeated aggregations', async () => {
    const graph = await graphOf(2);
    const x = randn([graph.numSrc, 2, 6]);
    const scores = randn([graph.numEdges, 2]);
    const step = () => tidy(() => sparseAggregate(x, graph, { reduce: 'max', edgeWeight: segmentSoftmax(scores, graph) }).sum());
    step().dispose();
    const before = memory();
    for (let i = 0; i < 20; i++) step().dispose();
    assertFlat(before, memory());
    for (const t of [x, scores]) t.dispose();
    graph.dispose();
  });
});
