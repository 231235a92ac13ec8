// The graph a layer runs over, seen one of two ways with one interface, so each layer's maths
// is written once:
// - CsrEdges: core's CsrGraph (sorted by target). Aggregating x[source] · w into the targets
//   is core's fused sparseAggregate: no per-edge, per-feature tensor is stored.
// - ListEdges: the edge index as given. Aggregation gathers one message per edge and
//   scatters it (what webgpu needs for an edge index it cannot read back synchronously).
// Per-edge tensors inside a view are in the view's edge order (CSR order for CsrEdges).
import { CsrGraph, edgeIndexToCsr, indexSelect, keep, mul, segmentSoftmax, sparseAggregate, stack, tidy, unsqueeze, type Tensor } from '@tessera/core';
import { checkEdgeIndex, checkIndexRange } from '../checks.js';
import { edgeRow } from '../utils/edge-row.js';
import { hostValues } from '../utils/host.js';
import { scatter, type Aggregation } from './aggregate.js';
import { attentionSoftmax } from './segment-softmax.js';

/** What graph layers accept as the graph: an int32 `[2, E]` edge index, or a prebuilt CsrGraph. */
export type GraphInput = Tensor | CsrGraph;

/** A graph as a layer sees it; `dispose` frees what the view built (never the caller's tensors). */
export interface EdgeView {
  readonly numNodes: number;
  readonly numEdges: number;
  /** int32 `[E]`: each edge's source, in the view's order. */
  readonly source: Tensor;
  /** int32 `[E]`: each edge's target, in the view's order. */
  readonly target: Tensor;
  /** reduce over incoming edges of `x[source] · weight` (weight `[E]`, or `[E, H]` for x `[N, H, C]`). */
  aggregate(x: Tensor, weight: Tensor | null, reduce: Aggregation): Tensor;
  /** Softmax of per-edge scores `[E, H]` (view order) over each target's incoming edges. */
  softmax(scores: Tensor): Tensor;
  /** int32 `[2, E]`: the edges in the caller's order (a new tensor). */
  callerEdges(): Tensor;
  /** Per-edge values given in the caller's edge order, in the view's order. */
  fromCallerOrder(values: Tensor): Tensor;
  /** Per-edge values in the view's order, back in the caller's edge order. */
  toCallerOrder(values: Tensor): Tensor;
  /** Exempts the tensors the view built from enclosing tidy scopes, for a layer's cache. */
  keep(): void;
  dispose(): void;
}

const reduceOf = { add: 'sum', sum: 'sum', mean: 'mean', max: 'max', min: 'min' } as const;

/** `x` `[E, ...]` times a weight per edge (`[E]`) or per edge and head (`[E, H]` for `[E, H, C]`). */
export function weighted(x: Tensor, weight: Tensor): Tensor {
  let w = weight;
  while (w.ndim < x.ndim) w = unsqueeze(w, -1);
  return mul(x, w);
}

class CsrEdges implements EdgeView {
  readonly numNodes: number;
  readonly numEdges: number;
  readonly source: Tensor;
  readonly target: Tensor;

  /** `edgeIndex`: the caller's edge index this CSR was sorted from (the view owns the CSR), or null. */
  constructor(readonly graph: CsrGraph, readonly edgeIndex: Tensor | null) {
    this.numNodes = graph.numDst;
    this.numEdges = graph.numEdges;
    this.source = graph.colIndex;
    this.target = graph.rowIndex;
  }

  get owned(): boolean {
    return this.edgeIndex !== null;
  }

  callerEdges(): Tensor {
    return this.edgeIndex ? this.edgeIndex.add(0) : stack([this.source, this.target], 0);
  }

  aggregate(x: Tensor, weight: Tensor | null, reduce: Aggregation): Tensor {
    return sparseAggregate(x, this.graph, { reduce: reduceOf[reduce], edgeWeight: weight });
  }

  /** Core's segmentSoftmax kernel over the CSR rows. */
  softmax(scores: Tensor): Tensor {
    return segmentSoftmax(scores, this.graph);
  }

  fromCallerOrder(values: Tensor): Tensor {
    return this.owned ? this.graph.toCsrOrder(values) : values;
  }

  toCallerOrder(values: Tensor): Tensor {
    return this.owned ? scatter(values, this.graph.perm, this.numEdges, 'add') : values;
  }

  keep(): void {
    const g = this.graph;
    if (this.owned) for (const t of [g.rowPtr, g.colIndex, g.rowIndex, g.perm, g.tRowPtr, g.tColIndex, g.tRowIndex, g.tPerm, g.toT, g.fromT]) keep(t);
  }

  dispose(): void {
    if (this.owned) this.graph.dispose();
  }
}

class ListEdges implements EdgeView {
  readonly numEdges: number;
  readonly source: Tensor;
  readonly target: Tensor;

  constructor(readonly edgeIndex: Tensor, readonly numNodes: number) {
    this.numEdges = edgeIndex.shape[1];
    this.source = edgeRow(edgeIndex, 0);
    this.target = edgeRow(edgeIndex, 1);
  }

  aggregate(x: Tensor, weight: Tensor | null, reduce: Aggregation): Tensor {
    return tidy(() => {
      const messages = indexSelect(x, 0, this.source);
      return scatter(weight ? weighted(messages, weight) : messages, this.target, this.numNodes, reduce);
    });
  }

  /** Composed of scatters over the edge list (see segment-softmax.ts). */
  softmax(scores: Tensor): Tensor {
    return attentionSoftmax(scores, this.target, this.numNodes, null)[0];
  }

  callerEdges(): Tensor {
    return this.edgeIndex.add(0);
  }

  fromCallerOrder(values: Tensor): Tensor {
    return values;
  }

  toCallerOrder(values: Tensor): Tensor {
    return values;
  }

  keep(): void {
    keep(this.source);
    keep(this.target);
  }

  dispose(): void {
    this.source.dispose();
    this.target.dispose();
  }
}

// Edge indices already range-checked, with the node count they were checked against.
const checkedRanges = new WeakMap<Tensor, number>();

/** Throws unless `edgeIndex` is an int32 `[2, E]` whose entries lie in [0, numNodes). */
export function checkEdges(where: string, edgeIndex: Tensor, numNodes: number): void {
  checkEdgeIndex(where, edgeIndex);
  // NOTE: webgpu cannot read indices synchronously, so there an out-of-range index is not caught here.
  if (edgeIndex.backend === 'webgpu' || checkedRanges.get(edgeIndex) === numNodes) return;
  checkIndexRange(where, hostValues(where, edgeIndex), numNodes, edgeIndex.shape);
  checkedRanges.set(edgeIndex, numNodes);
}

/** Throws unless `graph` is a valid edge index or CsrGraph over `numNodes` nodes. */
export function checkGraph(where: string, graph: GraphInput, numNodes: number): void {
  if (graph instanceof CsrGraph) {
    if (graph.isDisposed) throw new Error(`${where}: the CsrGraph was used after dispose()`);
    if (graph.numSrc !== numNodes || graph.numDst !== numNodes) {
      throw new Error(`${where}: the CsrGraph has ${graph.numSrc} source and ${graph.numDst} target nodes, but x has ${numNodes} rows`);
    }
    return;
  }
  checkEdges(where, graph, numNodes);
}

/**
 * The view of `graph` a layer computes on: a given CsrGraph as it is; an edge index sorted
 * into a CsrGraph (js, wasm) or, on webgpu, as the edge list. Checks the graph first.
 */
export function viewOf(where: string, graph: GraphInput, numNodes: number): EdgeView {
  checkGraph(where, graph, numNodes);
  if (graph instanceof CsrGraph) return new CsrEdges(graph, null);
  if (graph.backend === 'webgpu') return new ListEdges(graph, numNodes);
  return new CsrEdges(edgeIndexToCsr(graph, { numNodes }), graph);
}

/**
 * A layer's view of the last edge index it was given, so that a training loop passing the same
 * edge index every step sorts it once. A CsrGraph is used as given; a new edge index replaces
 * (and frees) the previous view, so a layer holds at most one.
 */
export class ViewCache {
  #edgeIndex: Tensor | null = null;
  #numNodes = -1;
  #view: EdgeView | null = null;

  /** The view of `graph` for `numNodes` nodes, checked; owned by this cache. */
  get(where: string, graph: GraphInput, numNodes: number): EdgeView {
    if (graph instanceof CsrGraph) return viewOf(where, graph, numNodes);
    if (this.#view && this.#edgeIndex === graph && this.#numNodes === numNodes && !graph.isDisposed) {
      checkEdges(where, graph, numNodes);
      return this.#view;
    }
    const view = viewOf(where, graph, numNodes);
    // Built inside the caller's tidy scope, kept past it until replaced or cleared.
    view.keep();
    this.clear();
    [this.#edgeIndex, this.#numNodes, this.#view] = [graph, numNodes, view];
    return view;
  }

  /** Frees the cached view. */
  clear(): void {
    this.#view?.dispose();
    [this.#edgeIndex, this.#numNodes, this.#view] = [null, -1, null];
  }
}
