// Induced subgraphs: the edges among a node subset (PyG's subgraph), and the k-hop
// neighbourhood of seed nodes (PyG's k_hop_subgraph). Both read the indices on the host.
import { Tensor, tensor, tidy } from '@tessera/core';
import { fmt } from '../checks.js';
import { checkEdgeAttr } from './edge-attr.js';
import { hostEdges, hostValues, indexVector } from './host.js';
import { selectEdges } from './self-loops.js';

/** Options of subgraph. */
export interface SubgraphOptions {
  /** Renumber the kept nodes 0..|subset|-1 in the order of `subset`. Default false. */
  relabelNodes?: boolean;
  /** Number of nodes; default one more than the largest index (or the mask's length). */
  numNodes?: number;
}

/** Options of kHopSubgraph. */
export interface KHopSubgraphOptions {
  /** Renumber the kept nodes 0..|subset|-1 in ascending order. Default false. */
  relabelNodes?: boolean;
  /** Number of nodes; default one more than the largest index. */
  numNodes?: number;
  /** 'source_to_target' (default) walks edges backwards from the seeds, as messages arrive. */
  flow?: 'source_to_target' | 'target_to_source';
  /** Keep only the edges walked (true) or every edge among the reached nodes (false, default). */
  directed?: boolean;
}

/** Node ids from an int32 tensor of ids, a bool mask, or host numbers. */
function nodeIds(where: string, nodes: Tensor | readonly number[] | number): Int32Array {
  if (typeof nodes === 'number') return Int32Array.of(nodes);
  if (!(nodes instanceof Tensor)) return Int32Array.from(nodes);
  const t = nodes;
  if (t.ndim !== 1 || (t.dtype !== 'int32' && t.dtype !== 'bool')) {
    throw new Error(`${where}: nodes must be an int32 vector of ids or a bool mask, got ${t.dtype} of shape ${fmt(t.shape)}`);
  }
  if (t.dtype === 'int32') return hostValues(where, t);
  const mask = t.dataSync();
  const ids: number[] = [];
  mask.forEach((m, i) => m && ids.push(i));
  return Int32Array.from(ids);
}

/**
 * The edges whose source and target both lie in `subset` (node ids, or a bool mask over the
 * nodes), with their attributes, and a bool mask over the original edges saying which were
 * kept.
 * @example const [inner, innerAttr] = subgraph([0, 2, 3], edgeIndex, edgeAttr, { relabelNodes: true });
 */
export function subgraph(
  subset: Tensor | readonly number[],
  edgeIndex: Tensor,
  edgeAttr: Tensor | null = null,
  options: SubgraphOptions = {},
): [Tensor, Tensor | null, Tensor] {
  const maskLength = subset instanceof Tensor && subset.dtype === 'bool' ? subset.shape[0] : undefined;
  const { src, dst, numNodes } = hostEdges('subgraph', edgeIndex, options.numNodes ?? maskLength);
  if (edgeAttr) checkEdgeAttr('subgraph', edgeAttr, edgeIndex);
  const ids = nodeIds('subgraph', subset);
  const position = new Int32Array(numNodes).fill(-1);
  ids.forEach((node, i) => {
    if (node < 0 || node >= numNodes) throw new Error(`subgraph: subset holds node ${node}, outside [0, ${numNodes})`);
    position[node] = i;
  });
  const keep: number[] = [];
  const mask = new Array<boolean>(src.length).fill(false);
  for (let e = 0; e < src.length; e++) {
    if (position[src[e]] >= 0 && position[dst[e]] >= 0) {
      keep.push(e);
      mask[e] = true;
    }
  }
  const relabel = options.relabelNodes ?? false;
  const newSrc = relabel ? src.map((v) => Math.max(position[v], 0)) : src;
  const newDst = relabel ? dst.map((v) => Math.max(position[v], 0)) : dst;
  const [index, attr] = selectEdges(newSrc, newDst, edgeAttr, keep);
  return [index, attr, tensor(mask, { dtype: 'bool' })];
}

/**
 * The nodes within `numHops` hops of `nodeIdx` (walking edges towards the seeds by default),
 * the edges among them, where the seeds sit in the sorted subset, and the edge mask:
 * `[subset, edgeIndex, mapping, edgeMask]`, as PyG's k_hop_subgraph.
 * @example const [subset, sub, mapping] = kHopSubgraph(0, 2, edgeIndex, { relabelNodes: true });
 */
export function kHopSubgraph(
  nodeIdx: Tensor | readonly number[] | number,
  numHops: number,
  edgeIndex: Tensor,
  options: KHopSubgraphOptions = {},
): [Tensor, Tensor, Tensor, Tensor] {
  if (!Number.isInteger(numHops) || numHops < 0) throw new Error(`kHopSubgraph: numHops must be a non-negative integer, got ${numHops}`);
  const { src, dst, numNodes } = hostEdges('kHopSubgraph', edgeIndex, options.numNodes);
  const seeds = nodeIds('kHopSubgraph', nodeIdx);
  seeds.forEach((s) => {
    if (s < 0 || s >= numNodes) throw new Error(`kHopSubgraph: seed node ${s} is outside [0, ${numNodes})`);
  });
  // Messages flow from `from` to `to`; the walk goes from `to` back to `from`.
  const [from, to] = options.flow === 'target_to_source' ? [dst, src] : [src, dst];
  const reached = new Uint8Array(numNodes);
  seeds.forEach((s) => (reached[s] = 1));
  let frontier = new Uint8Array(reached);
  const walked = new Uint8Array(src.length);
  for (let hop = 0; hop < numHops; hop++) {
    const next = new Uint8Array(numNodes);
    for (let e = 0; e < src.length; e++) {
      if (frontier[to[e]]) {
        walked[e] = 1;
        next[from[e]] = 1;
        reached[from[e]] = 1;
      }
    }
    frontier = next;
  }
  const subset: number[] = [];
  const position = new Int32Array(numNodes).fill(-1);
  reached.forEach((r, node) => {
    if (r) {
      position[node] = subset.length;
      subset.push(node);
    }
  });
  const keep: number[] = [];
  const mask = new Array<boolean>(src.length).fill(false);
  for (let e = 0; e < src.length; e++) {
    const inside = options.directed ? walked[e] === 1 : reached[src[e]] === 1 && reached[dst[e]] === 1;
    if (inside) {
      keep.push(e);
      mask[e] = true;
    }
  }
  const relabel = options.relabelNodes ?? false;
  const [index] = selectEdges(relabel ? src.map((v) => Math.max(position[v], 0)) : src, relabel ? dst.map((v) => Math.max(position[v], 0)) : dst, null, keep);
  return tidy(() => [indexVector(subset), index, indexVector(Array.from(seeds, (s) => position[s])), tensor(mask, { dtype: 'bool' })]);
}
