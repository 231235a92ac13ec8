// GraphSAGE-style neighbour sampling for mini-batch training on graphs too large for
// full-batch steps (PyG's NeighborLoader): from seed nodes, sample up to k incoming
// neighbours per node per layer, and return the sampled subgraph with local node ids.
import { edgeIndexToCsr, indexSelect, tidy, type Tensor } from '@tessera/core';
import { seededRandom } from '@tessera/layers';
import { edgeIndexFrom, hostEdges, indexVector } from '../utils/host.js';

/** Incoming edges grouped by target, on the host: node i's sources are colIndex[rowPtr[i]..rowPtr[i+1]). */
interface HostCsr {
  rowPtr: Int32Array;
  colIndex: Int32Array;
  /** Each CSR position's edge in the original edge index. */
  edgeId: Int32Array;
}

/** Options of NeighborSampler. */
export interface NeighborSamplerOptions {
  /** Neighbours sampled per node, one entry per layer (outermost hop last); -1 takes them all. */
  numNeighbors: number[];
  /** Number of nodes; default one more than the largest index. */
  numNodes?: number;
  /** Seed of the sampler's random stream. Default 0. */
  seed?: number;
  /** Sample with replacement. Default false. */
  replace?: boolean;
}

/** A sampled subgraph: local ids 0..nodes-1, the seeds first. */
export interface SampledSubgraph {
  /** int32 `[M]`: the global id of each local node; the first `batchSize` are the seeds. */
  nodes: Tensor;
  /** int32 `[2, E']`: the sampled edges (neighbour → node) in local ids. */
  edgeIndex: Tensor;
  /** int32 `[E']`: each sampled edge's position in the full edge index (to pick its attributes). */
  edgeIds: Tensor;
  /** Number of seed nodes (the rows of the output to train on). */
  batchSize: number;
}

/**
 * Samples neighbourhoods of seed nodes with a seeded stream: the same seed and calls give the
 * same subgraphs. Messages flow source → target, so a node's sampled neighbours are sources
 * of its incoming edges.
 * @example
 * const sampler = new NeighborSampler(edgeIndex, { numNeighbors: [10, 5], seed: 1 });
 * for (const batch of sampler.batches(trainNodes, 256)) {
 *   const x = indexSelect(features, 0, batch.nodes);
 *   const out = model.call(x, batch.edgeIndex).slice(0, 0, batch.batchSize);
 * }
 */
export class NeighborSampler {
  readonly numNeighbors: readonly number[];
  readonly numNodes: number;
  readonly replace: boolean;
  readonly #csr: HostCsr;
  readonly #random: () => number;

  constructor(edgeIndex: Tensor, options: NeighborSamplerOptions) {
    const { numNeighbors } = options;
    if (!Array.isArray(numNeighbors) || numNeighbors.length === 0 || numNeighbors.some((k) => !Number.isInteger(k) || k < -1)) {
      throw new Error(`NeighborSampler: numNeighbors must be a non-empty list of integers >= -1 (one per layer), got ${JSON.stringify(numNeighbors)}`);
    }
    const { numNodes } = hostEdges('NeighborSampler', edgeIndex, options.numNodes);
    this.numNeighbors = [...numNeighbors];
    this.numNodes = numNodes;
    this.replace = options.replace ?? false;
    // Core's CSR sort, read back once: the sampler walks it on the host.
    const graph = edgeIndexToCsr(edgeIndex, { numNodes });
    const read = (t: Tensor) => Int32Array.from(t.dataSync());
    this.#csr = { rowPtr: read(graph.rowPtr), colIndex: read(graph.colIndex), edgeId: read(graph.perm) };
    graph.dispose();
    this.#random = seededRandom(options.seed ?? 0);
  }

  /**
   * The subgraph sampled around `seeds` (global node ids, each at most once).
   * @example const { nodes, edgeIndex, batchSize } = sampler.sample([0, 5, 9]);
   */
  sample(seeds: ArrayLike<number>): SampledSubgraph {
    const local = new Map<number, number>();
    const nodes: number[] = [];
    for (const s of Array.from(seeds)) {
      if (!Number.isInteger(s) || s < 0 || s >= this.numNodes) throw new Error(`NeighborSampler: seed node ${s} is outside [0, ${this.numNodes})`);
      if (local.has(s)) throw new Error(`NeighborSampler: seed node ${s} appears twice`);
      local.set(s, nodes.length);
      nodes.push(s);
    }
    const src: number[] = [];
    const dst: number[] = [];
    const edgeIds: number[] = [];
    let frontier = nodes.slice();
    for (const k of this.numNeighbors) {
      const next: number[] = [];
      for (const node of frontier) {
        for (const position of this.#pick(node, k)) {
          const neighbour = this.#csr.colIndex[position];
          let id = local.get(neighbour);
          if (id === undefined) {
            id = nodes.length;
            local.set(neighbour, id);
            nodes.push(neighbour);
            next.push(neighbour);
          }
          src.push(id);
          dst.push(local.get(node)!);
          edgeIds.push(this.#csr.edgeId[position]);
        }
      }
      frontier = next;
    }
    return tidy(() => ({ nodes: indexVector(nodes), edgeIndex: edgeIndexFrom(src, dst), edgeIds: indexVector(edgeIds), batchSize: seeds.length }));
  }

  /**
   * Mini-batches over `inputNodes` in a shuffled order (the sampler's stream), `batchSize`
   * seeds each, as PyG's NeighborLoader; the caller disposes each batch's tensors.
   * @example for (const b of sampler.batches(trainIds, 128)) { ...; b.nodes.dispose(); b.edgeIndex.dispose(); b.edgeIds.dispose(); }
   */
  *batches(inputNodes: ArrayLike<number>, batchSize: number, { shuffle = true }: { shuffle?: boolean } = {}): Generator<SampledSubgraph> {
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`NeighborSampler.batches: batchSize must be a positive integer, got ${batchSize}`);
    const order = Array.from(inputNodes);
    if (shuffle) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(this.#random() * (i + 1));
        [order[i], order[j]] = [order[j], order[i]];
      }
    }
    for (let start = 0; start < order.length; start += batchSize) yield this.sample(order.slice(start, start + batchSize));
  }

  /** Positions in the CSR of up to `k` incoming edges of `node` (all of them for k = -1). */
  #pick(node: number, k: number): number[] {
    const begin = this.#csr.rowPtr[node];
    const count = this.#csr.rowPtr[node + 1] - begin;
    if (k < 0 || (!this.replace && count <= k)) return Array.from({ length: count }, (_, i) => begin + i);
    if (count === 0) return [];
    if (this.replace) return Array.from({ length: k }, () => begin + Math.floor(this.#random() * count));
    // Partial Fisher–Yates: k distinct positions.
    const pool = Array.from({ length: count }, (_, i) => begin + i);
    for (let i = 0; i < k; i++) {
      const j = i + Math.floor(this.#random() * (count - i));
      [pool[i], pool[j]] = [pool[j], pool[i]];
    }
    return pool.slice(0, k);
  }
}

/**
 * The features of a sampled subgraph's nodes: rows `batch.nodes` of `x`.
 * @example const xb = gatherNodes(features, batch);
 */
export function gatherNodes(x: Tensor, batch: SampledSubgraph): Tensor {
  return indexSelect(x, 0, batch.nodes);
}
