// Sparse graph ops: aggregation of neighbour features and softmax over a node's incoming
// edges, as graph neural networks (PyG's message passing) need them, on a CSR sorted by
// destination so that every backend pulls per destination (deterministic, no atomics) and
// the edge-by-feature message matrix is never stored.
//
// The contract (read by @tessera/gnn):
// - `edgeIndex` is int32 `[2, E]`: row 0 the sources, row 1 the targets; messages flow
//   source → target (PyG's default). `edgeIndexToCsr(edgeIndex, { numNodes })` sorts it
//   once into a `CsrGraph` (host work: it reads the indices with dataSync on js and wasm;
//   on webgpu, or anywhere, `await edgeIndexToCsrAsync(...)` reads them with `data()`).
// - Per-edge tensors given to or returned by these ops (`edgeWeight`, scores, attention) are
//   in CSR order: `graph.toCsrOrder(w)` reorders values given per original edge, and
//   `graph.colIndex` / `graph.rowIndex` are each CSR edge's source and target, for computing
//   per-edge values in CSR order directly (GAT's scores). Duplicate edges keep their order.
// - `sparseAggregate(x, graph, { reduce, edgeWeight })`: x `[numSrc, F]` or multi-head
//   `[numSrc, H, F]` with edgeWeight `[E]` or `[E, H]`; out `[numDst, ...]`, 0 for nodes
//   without incoming edges (PyG's scatter into zeros). 'mean' divides by the edge count.
//   Gradients (in @tessera/autograd) reach x through the transposed CSR and the edge weights
//   as per-edge dot products; 'max'/'min' share a slot's gradient evenly among the edges
//   that attain it, as torch.scatter_reduce's amax/amin do, through kernels that recompute
//   each message and compare it with the result (sparseExtremeShare, sparseExtremeGradInput,
//   sparseExtremeGradWeight), so no backward stores an edge-by-feature tensor either.
// - `segmentSoftmax(scores, graph)`: scores `[E]` or `[E, H]` in CSR order, softmax over each
//   target's incoming edges.
// - A CsrGraph owns its index tensors: build it outside `tidy` (or `keep` it) and `dispose()`
//   it when done.
import type { AnyBackend } from '../backend.js';
import { fromValues, runKernel, tidy } from '../engine.js';
import { check, fmt, opError } from '../errors.js';
import type { SparseReduceOp } from '../kernels.js';
import type { Tensor } from '../tensor.js';
import { live, requireFloat, requireIndex, sameBackend } from './args.js';
import { indexSelect } from './indexing.js';
import { expand, reshape } from './reshape.js';

/** Options of edgeIndexToCsr. */
export interface CsrOptions {
  /**
   * Node count, or `[numSrc, numDst]` for a bipartite graph. Default: one more than the
   * largest index (PyG's `maybe_num_nodes`).
   */
  numNodes?: number | [number, number];
}

/**
 * A graph sorted by destination (CSR) together with its transpose sorted by source, as int32
 * tensors on the edge index's backend. Edges of one row keep their original order.
 */
export class CsrGraph {
  /**
   * @param rowPtr `[numDst+1]`: the edges of destination i are CSR positions rowPtr[i]..rowPtr[i+1]
   * @param colIndex `[E]`: the source of each CSR edge
   * @param rowIndex `[E]`: the destination of each CSR edge
   * @param perm `[E]`: the original edge id of each CSR edge
   * @param tRowPtr `[numSrc+1]`: the same, sorted by source
   * @param tColIndex `[E]`: the destination of each transposed edge
   * @param tRowIndex `[E]`: the source of each transposed edge
   * @param tPerm `[E]`: the original edge id of each transposed edge
   * @param toT `[E]`: the transposed position of each CSR edge
   * @param fromT `[E]`: the CSR position of each transposed edge
   */
  constructor(
    readonly numSrc: number,
    readonly numDst: number,
    readonly rowPtr: Tensor,
    readonly colIndex: Tensor,
    readonly rowIndex: Tensor,
    readonly perm: Tensor,
    readonly tRowPtr: Tensor,
    readonly tColIndex: Tensor,
    readonly tRowIndex: Tensor,
    readonly tPerm: Tensor,
    readonly toT: Tensor,
    readonly fromT: Tensor,
  ) {}

  /** The number of edges. */
  get numEdges(): number {
    return this.colIndex.size;
  }

  /**
   * The reversed graph (messages flow target → source) sharing these tensors.
   * @example sparseAggregate(y, graph.transpose()) // sums over each source's out-edges
   */
  transpose(): CsrGraph {
    return new CsrGraph(
      this.numDst, this.numSrc, this.tRowPtr, this.tColIndex, this.tRowIndex, this.tPerm,
      this.rowPtr, this.colIndex, this.rowIndex, this.perm, this.fromT, this.toT,
    );
  }

  /**
   * Per-edge values `[E, ...]` given in the original edge order, reordered into CSR order.
   * @example const w = graph.toCsrOrder(edgeWeight)
   */
  toCsrOrder(values: Tensor): Tensor {
    live('toCsrOrder', values, 'values');
    check(values.ndim >= 1 && values.shape[0] === this.numEdges, 'toCsrOrder', () =>
      `values ${fmt(values.shape)} must have one entry per edge (${this.numEdges}) along dim 0`);
    return indexSelect(values, 0, this.perm);
  }

  /** The index tensors in the order the sparse kernels take them. */
  kernelInputs(): Tensor[] {
    return [this.rowPtr, this.colIndex, this.tRowPtr, this.tColIndex, this.toT, this.fromT];
  }

  /** Whether dispose() has run. */
  get isDisposed(): boolean {
    return this.rowPtr.isDisposed;
  }

  /** Frees the index tensors. */
  dispose(): void {
    for (const t of this.tensors()) t.dispose();
  }

  private tensors(): Tensor[] {
    return [this.rowPtr, this.colIndex, this.rowIndex, this.perm, this.tRowPtr, this.tColIndex, this.tRowIndex, this.tPerm, this.toT, this.fromT];
  }
}

/** Checks the edge index's dtype and layout; returns its edge count. */
function checkEdgeIndex(op: string, edgeIndex: Tensor): number {
  live(op, edgeIndex, 'edgeIndex');
  requireIndex(op, edgeIndex, 'edgeIndex');
  check(!(edgeIndex.ndim === 2 && edgeIndex.shape[1] === 2 && edgeIndex.shape[0] !== 2), op, () =>
    `edgeIndex ${fmt(edgeIndex.shape)} looks like [E, 2]; expected [2, E] (row 0 sources, row 1 targets): transpose it`);
  check(edgeIndex.ndim === 2 && edgeIndex.shape[0] === 2, op, () =>
    `edgeIndex must have shape [2, E] (row 0 sources, row 1 targets), got ${fmt(edgeIndex.shape)}`);
  return edgeIndex.shape[1];
}

/** The stable counting sort of edges by `key`: the start of each key's run and the edge ids in order. */
function sortBy(key: Int32Array, count: number): { ptr: Int32Array; order: Int32Array } {
  const ptr = new Int32Array(count + 1);
  for (let e = 0; e < key.length; e++) ptr[key[e] + 1]++;
  for (let i = 0; i < count; i++) ptr[i + 1] += ptr[i];
  const next = ptr.slice(0, count);
  const order = new Int32Array(key.length);
  for (let e = 0; e < key.length; e++) order[next[key[e]]++] = e;
  return { ptr, order };
}

/** The node counts from the options, or from the largest index. */
function nodeCounts(op: string, src: Int32Array, dst: Int32Array, options: CsrOptions): [number, number] {
  const { numNodes } = options;
  if (numNodes === undefined) {
    let max = -1;
    for (let e = 0; e < src.length; e++) max = Math.max(max, src[e], dst[e]);
    return [max + 1, max + 1];
  }
  const counts: [number, number] = typeof numNodes === 'number' ? [numNodes, numNodes] : numNodes;
  check(counts.length === 2 && counts.every((n) => Number.isInteger(n) && n >= 0), op, () =>
    `numNodes must be a non-negative integer or [numSrc, numDst], got ${JSON.stringify(numNodes)}`);
  return counts;
}

function checkRange(op: string, indices: Int32Array, count: number, role: string): void {
  for (let e = 0; e < indices.length; e++) {
    const v = indices[e];
    if (v < 0 || v >= count) throw opError(op, `${role} index ${v} of edge ${e} is out of range for ${count} nodes (expected 0 <= index < ${count})`);
  }
}

/** Builds the CSR and its transpose from host edge lists and uploads them to `backend`. */
function buildCsr(op: string, values: Int32Array, numEdges: number, options: CsrOptions, backend: AnyBackend): CsrGraph {
  const src = values.subarray(0, numEdges);
  const dst = values.subarray(numEdges, 2 * numEdges);
  const [numSrc, numDst] = nodeCounts(op, src, dst, options);
  checkRange(op, src, numSrc, 'source');
  checkRange(op, dst, numDst, 'target');
  const byDst = sortBy(dst, numDst);
  const bySrc = sortBy(src, numSrc);
  const csrPosition = new Int32Array(numEdges);
  for (let k = 0; k < numEdges; k++) csrPosition[byDst.order[k]] = k;
  const fromT = new Int32Array(numEdges);
  const toT = new Int32Array(numEdges);
  for (let p = 0; p < numEdges; p++) {
    fromT[p] = csrPosition[bySrc.order[p]];
    toT[fromT[p]] = p;
  }
  const pick = (from: Int32Array, order: Int32Array) => order.map((e) => from[e]);
  const upload = (a: Int32Array) => fromValues(a, [a.length], 'int32', backend);
  return new CsrGraph(
    numSrc, numDst,
    upload(byDst.ptr), upload(pick(src, byDst.order)), upload(pick(dst, byDst.order)), upload(byDst.order),
    upload(bySrc.ptr), upload(pick(dst, bySrc.order)), upload(pick(src, bySrc.order)), upload(bySrc.order),
    upload(toT), upload(fromT),
  );
}

/**
 * Sorts an int32 `[2, E]` edge index (row 0 sources, row 1 targets) into a CsrGraph on the
 * same backend. Reads the indices synchronously: js and wasm only; on webgpu use
 * edgeIndexToCsrAsync.
 * @example const graph = edgeIndexToCsr(tensor([[0, 1, 1], [1, 0, 2]], { dtype: 'int32' }), { numNodes: 3 })
 */
export function edgeIndexToCsr(edgeIndex: Tensor, options: CsrOptions = {}): CsrGraph {
  const op = 'edgeIndexToCsr';
  const numEdges = checkEdgeIndex(op, edgeIndex);
  check(edgeIndex.backend !== 'webgpu', op, () => 'cannot read a webgpu edgeIndex synchronously; use await edgeIndexToCsrAsync(edgeIndex, options)');
  return buildCsr(op, edgeIndex.dataSync() as Int32Array, numEdges, options, edgeIndex.storage.backend);
}

/**
 * edgeIndexToCsr for any backend: awaits the indices' readback (the way to build a graph
 * from an edge index that lives on the GPU).
 * @example const graph = await edgeIndexToCsrAsync(edgeIndex, { numNodes: 100 })
 */
export async function edgeIndexToCsrAsync(edgeIndex: Tensor, options: CsrOptions = {}): Promise<CsrGraph> {
  const op = 'edgeIndexToCsrAsync';
  const numEdges = checkEdgeIndex(op, edgeIndex);
  const backend = edgeIndex.storage.backend;
  const values = (await edgeIndex.data()) as Int32Array;
  return buildCsr(op, values, numEdges, options, backend);
}

function liveGraph(op: string, graph: CsrGraph): void {
  check(graph instanceof CsrGraph, op, () => 'graph must be a CsrGraph (build one with edgeIndexToCsr)');
  check(!graph.isDisposed, op, () => 'graph was used after dispose()');
}

/** Options of sparseAggregate. */
export interface SparseAggregateOptions {
  /** How incoming messages are folded: 'sum' (default), 'mean', 'max' or 'min'. */
  reduce?: SparseReduceOp;
  /** Per-edge weights in CSR order: `[E]`, or `[E, H]` with multi-head x `[numSrc, H, F]`. */
  edgeWeight?: Tensor | null;
}

/**
 * Aggregates source features into each destination over the graph's edges:
 * `out[i] = reduce over edges (j → i) of w_e · x[j]`, without storing one message per edge.
 * @example const out = sparseAggregate(x, graph, { reduce: 'mean' }) // [numDst, F]
 */
export function sparseAggregate(x: Tensor, graph: CsrGraph, options: SparseAggregateOptions = {}): Tensor {
  const op = 'sparseAggregate';
  const reduce = options.reduce ?? 'sum';
  const weight = options.edgeWeight ?? null;
  live(op, x);
  requireFloat(op, x);
  liveGraph(op, graph);
  check(['sum', 'mean', 'max', 'min'].includes(reduce), op, () => `reduce must be one of sum, mean, max, min; got '${String(reduce)}'`);
  check((x.ndim === 2 || x.ndim === 3) && x.shape[0] === graph.numSrc, op, () =>
    `x must be [numSrc, F] or [numSrc, H, F] with numSrc = ${graph.numSrc} source nodes, got ${fmt(x.shape)}`);
  const heads = x.ndim === 3 ? x.shape[1] : 1;
  const E = graph.numEdges;
  if (weight !== null) {
    live(op, weight, 'edgeWeight');
    requireFloat(op, weight, 'edgeWeight');
    const fits = (weight.ndim === 1 && weight.shape[0] === E) || (x.ndim === 3 && weight.ndim === 2 && weight.shape[0] === E && weight.shape[1] === heads);
    check(fits, op, () => `edgeWeight must be [E]${x.ndim === 3 ? ' or [E, H]' : ''} with E = ${E} edges${x.ndim === 3 ? ` and H = ${heads}` : ''}, got ${fmt(weight.shape)} (x ${fmt(x.shape)})`);
    sameBackend(op, [x, weight, graph.rowPtr]);
  } else {
    sameBackend(op, [x, graph.rowPtr]);
  }
  const features = x.shape[x.ndim - 1];
  return tidy(() => {
    const x3 = reshape(x, [graph.numSrc, heads, features]);
    const w = weight === null ? fromValues(new Float32Array(E * heads).fill(1), [E, heads], 'float32', x.storage.backend) : expand(reshape(weight, [E, weight.ndim === 2 ? heads : 1]), [E, heads]);
    const out = runKernel('sparseAggregate', [x3, w, ...graph.kernelInputs()], { reduce }, [graph.numDst, heads, features], 'float32');
    return reshape(out, [graph.numDst, ...x.shape.slice(1)]);
  });
}

/**
 * Softmax of per-edge scores over each target's incoming edges (GAT's attention): scores
 * `[E]` or `[E, H]` in CSR order; edges of one target sum to 1 per head.
 * @example const alpha = segmentSoftmax(leakyRelu(scores, 0.2), graph)
 */
export function segmentSoftmax(scores: Tensor, graph: CsrGraph): Tensor {
  const op = 'segmentSoftmax';
  live(op, scores, 'scores');
  requireFloat(op, scores, 'scores');
  liveGraph(op, graph);
  const E = graph.numEdges;
  check((scores.ndim === 1 || scores.ndim === 2) && scores.shape[0] === E, op, () =>
    `scores must be [E] or [E, H] with E = ${E} edges, got ${fmt(scores.shape)}`);
  sameBackend(op, [scores, graph.rowPtr]);
  const heads = scores.ndim === 2 ? scores.shape[1] : 1;
  return tidy(() => {
    const out = runKernel('segmentSoftmax', [reshape(scores, [E, heads]), ...graph.kernelInputs()], {}, [E, heads], 'float32');
    return reshape(out, scores.shape);
  });
}
