// Sorting edges and merging duplicates (PyG's coalesce and to_undirected): the index is
// sorted on the host; duplicate edges' attributes are reduced on the device.
import { cat, expand, reshape, scatterReduce, tidy, zeros, type Tensor } from '@tessera/core';
import { edgeIndexFrom, hostEdges, indexVector } from './host.js';
import { checkEdgeAttr } from './edge-attr.js';

/** How duplicate edges' attributes are merged. */
export type EdgeReduce = 'add' | 'mean' | 'max' | 'min';

/** Options of coalesce and toUndirected. */
export interface CoalesceOptions {
  /** Number of nodes; default one more than the largest index. */
  numNodes?: number;
  /** How duplicate edges' attributes merge. Default 'add', as PyG. */
  reduce?: EdgeReduce;
}

const scatterOp = { add: 'sum', mean: 'mean', max: 'amax', min: 'amin' } as const;

/**
 * Sorts the edges by source, then target, and merges duplicates (their attributes reduced
 * with `reduce`).
 * @example const [sorted, weights] = coalesce(edgeIndex, edgeWeight);
 */
export function coalesce(edgeIndex: Tensor, edgeAttr: Tensor | null = null, options: CoalesceOptions = {}): [Tensor, Tensor | null] {
  const { src, dst } = hostEdges('coalesce', edgeIndex, options.numNodes);
  if (edgeAttr) checkEdgeAttr('coalesce', edgeAttr, edgeIndex);
  return coalesceHost('coalesce', src, dst, edgeAttr, options.reduce ?? 'add');
}

/**
 * Adds the reverse j → i of every edge i → j, then coalesces: each undirected edge appears
 * once in each direction, sorted, with attributes of merged duplicates reduced by `reduce`.
 * @example const [undirected] = toUndirected(edgeIndex);
 */
export function toUndirected(edgeIndex: Tensor, edgeAttr: Tensor | null = null, options: CoalesceOptions = {}): [Tensor, Tensor | null] {
  const { src, dst } = hostEdges('toUndirected', edgeIndex, options.numNodes);
  if (edgeAttr) checkEdgeAttr('toUndirected', edgeAttr, edgeIndex);
  const both = (a: Int32Array, b: Int32Array) => {
    const out = new Int32Array(a.length * 2);
    out.set(a);
    out.set(b, a.length);
    return out;
  };
  return tidy(() => {
    const attr = edgeAttr ? cat([edgeAttr, edgeAttr], 0) : null;
    return coalesceHost('toUndirected', both(src, dst), both(dst, src), attr, options.reduce ?? 'add');
  });
}

function coalesceHost(where: string, src: Int32Array, dst: Int32Array, edgeAttr: Tensor | null, reduce: EdgeReduce): [Tensor, Tensor | null] {
  if (!(reduce in scatterOp)) throw new Error(`${where}: reduce must be add, mean, max or min, got '${String(reduce)}'`);
  const order = Array.from(src, (_, e) => e).sort((a, b) => src[a] - src[b] || dst[a] - dst[b] || a - b);
  // slot[e]: the position of edge e's (source, target) pair among the unique pairs.
  const slot = new Int32Array(src.length);
  const uniqueSrc: number[] = [];
  const uniqueDst: number[] = [];
  for (const e of order) {
    const last = uniqueSrc.length - 1;
    if (last < 0 || uniqueSrc[last] !== src[e] || uniqueDst[last] !== dst[e]) {
      uniqueSrc.push(src[e]);
      uniqueDst.push(dst[e]);
    }
    slot[e] = uniqueSrc.length - 1;
  }
  return tidy(() => {
    const index = edgeIndexFrom(uniqueSrc, uniqueDst);
    if (!edgeAttr) return [index, null] as [Tensor, Tensor | null];
    const rest = edgeAttr.shape.slice(1);
    const width = rest.reduce((a, b) => a * b, 1);
    const flat = reshape(edgeAttr, [src.length, width]);
    const at = expand(reshape(indexVector(slot), [src.length, 1]), [src.length, width]);
    const merged = scatterReduce(zeros([uniqueSrc.length, width]), 0, at, flat, scatterOp[reduce], { includeSelf: false });
    return [index, reshape(merged, [uniqueSrc.length, ...rest])] as [Tensor, Tensor | null];
  });
}
