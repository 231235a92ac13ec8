// Gradients of core's sparse graph ops against PyTorch (core's fixtures/sparse.json, written by
// core/test/fixtures/generate_sparse.py) on every backend in TESSERA_BACKENDS: sparseAggregate
// with respect to the features and the edge weights for every reduction (max/min ties shared
// as scatter_reduce shares them), segmentSoftmax with respect to the scores; a second-order
// gradient through the edge-weight rule; flat memory over training-like steps.
import { readFileSync } from 'node:fs';
import { beforeAll, expect, it } from 'vitest';
import {
  add,
  edgeIndexToCsrAsync,
  expand,
  full,
  indexSelect,
  memory,
  mul,
  randn,
  reshape,
  scatterAdd,
  segmentSoftmax,
  sparseAggregate,
  sum,
  tidy,
  zeros,
  type CsrGraph,
  type SparseReduceOp,
  type Tensor,
} from '@tessera/core';
import { backward, enableAutograd, grad } from '../src/index';
import { decodeTensor, describeEachBackend, expectClose, type TensorSpec } from '../../../tooling/parity';

const ATOL = 1e-4;
const RTOL = 2e-3;

interface Fixtures {
  graphs: { edgeIndex: TensorSpec; numNodes: [number, number] }[];
  aggregate: {
    name: string; graph: number; reduce: SparseReduceOp; x: TensorSpec; edgeWeight: TensorSpec | null;
    upstream: TensorSpec; out: TensorSpec; gradX: TensorSpec; gradEdgeWeight: TensorSpec | null;
  }[];
  softmax: { name: string; graph: number; scores: TensorSpec; upstream: TensorSpec; out: TensorSpec; gradScores: TensorSpec }[];
}

const fixtures: Fixtures = JSON.parse(readFileSync(new URL('../../core/test/fixtures/sparse.json', import.meta.url), 'utf8'));

async function graphOf(i: number): Promise<CsrGraph> {
  const c = fixtures.graphs[i];
  const edgeIndex = decodeTensor(c.edgeIndex);
  const graph = await edgeIndexToCsrAsync(edgeIndex, { numNodes: c.numNodes });
  edgeIndex.dispose();
  return graph;
}

/** Indices `[E]` expanded along the rows of `[E, F]`. */
const alongRows = (index: Tensor, features: number) => expand(reshape(index, [index.size, 1]), [index.size, features]);

beforeAll(() => {
  enableAutograd();
});

describeEachBackend('sparse graph gradients match PyTorch', () => {
  for (const c of fixtures.aggregate) {
    it(`sparseAggregate, ${c.name}`, async () => {
      const graph = await graphOf(c.graph);
      const before = memory().numTensors;
      const x = decodeTensor(c.x);
      const w = c.edgeWeight && decodeTensor(c.edgeWeight);
      const upstream = decodeTensor(c.upstream);
      x.requiresGrad = true;
      if (w) w.requiresGrad = true;
      const out = tidy(() => sparseAggregate(x, graph, { reduce: c.reduce, edgeWeight: w && graph.toCsrOrder(w) }));
      await expectClose(out, c.out);
      backward(out, upstream);
      await expectClose(x.grad as Tensor, c.gradX, ATOL, RTOL);
      if (w) await expectClose(w.grad as Tensor, c.gradEdgeWeight as TensorSpec, ATOL, RTOL);
      for (const t of [out, upstream, x, x.grad, w, w?.grad]) t?.dispose();
      expect(memory().numTensors).toBeLessThanOrEqual(before);
      graph.dispose();
    });
  }

  for (const c of fixtures.softmax) {
    it(`segmentSoftmax, ${c.name}`, async () => {
      const graph = await graphOf(c.graph);
      const scores = decodeTensor(c.scores);
      const upstream = decodeTensor(c.upstream);
      scores.requiresGrad = true;
      const out = tidy(() => segmentSoftmax(graph.toCsrOrder(scores), graph));
      await expectClose(out, c.out);
      backward(out, upstream);
      await expectClose(scores.grad as Tensor, c.gradScores, ATOL, RTOL);
      for (const t of [out, upstream, scores, scores.grad]) t?.dispose();
      graph.dispose();
    });
  }

  it('differentiates the edge-weight gradient again (second order through edgeDot)', async () => {
    const graph = await graphOf(2);
    const features = 4;
    const [x, u, w, v] = [randn([graph.numSrc, features]), randn([graph.numDst, features]), randn([graph.numEdges]), randn([graph.numEdges])];
    // s = Σ u·aggregate(x, w), so ∂s/∂w[k] = u[row k]·x[col k]; then differentiate Σ v·∂s/∂w.
    const s = (xs: Tensor, us: Tensor, ws: Tensor) => sum(mul(us, sparseAggregate(xs, graph, { edgeWeight: ws })));
    const projected = (xs: Tensor, us: Tensor) => sum(mul(grad(s, 2)(xs, us, w), v));
    const [dx, du] = grad(projected, [0, 1])(x, u);
    // Expected: dx[j] = Σ_{k: col k = j} v_k·u[row k], du[i] = Σ_{k: row k = i} v_k·x[col k].
    const [wantX, wantU] = tidy(() => {
      const vk = reshape(v, [graph.numEdges, 1]);
      return [
        scatterAdd(zeros(x.shape), 0, alongRows(graph.colIndex, features), mul(vk, indexSelect(u, 0, graph.rowIndex))),
        scatterAdd(zeros(u.shape), 0, alongRows(graph.rowIndex, features), mul(vk, indexSelect(x, 0, graph.colIndex))),
      ];
    });
    for (const [got, want] of [[dx, wantX], [du, wantU]]) {
      const spec: TensorSpec = { shape: [...want.shape], dtype: 'float32', data: Array.from(await want.data()) };
      await expectClose(got, spec, ATOL, RTOL);
    }
    for (const t of [x, u, w, v, dx, du, wantX, wantU]) t.dispose();
    graph.dispose();
  });

  it('holds a flat tensor count over training-like steps', async () => {
    const graph = await graphOf(2);
    const x = randn([graph.numSrc, 2, 3]);
    const scores = full([graph.numEdges, 2], 0.5);
    x.requiresGrad = true;
    scores.requiresGrad = true;
    const step = () => {
      const loss = tidy(() => {
        const alpha = segmentSoftmax(scores, graph);
        return add(sum(sparseAggregate(x, graph, { edgeWeight: alpha })), sum(sparseAggregate(x, graph, { reduce: 'max', edgeWeight: alpha })));
      });
      backward(loss);
      loss.dispose();
      for (const t of [x, scores]) {
        t.grad?.dispose();
        t.grad = null;
      }
    };
    step();
    const before = memory().numTensors;
    for (let i = 0; i < 20; i++) step();
    expect(memory().numTensors).toBe(before);
    x.dispose();
    scores.dispose();
    graph.dispose();
  });
});
