// Adding and removing self-loops (i → i edges), as PyG's add_self_loops and remove_self_loops.
import { cat, full, indexSelect, tidy, type Tensor } from '@tessera/core';
import { checkEdgeIndex } from '../checks.js';
import { edgeIndexFrom, hostEdges, indexVector } from './host.js';
import { checkEdgeAttr } from './edge-attr.js';

/** Options of addSelfLoops. */
export interface AddSelfLoopsOptions {
  /** The attribute of each new loop (every channel). Default 1. */
  fillValue?: number;
  /** Number of nodes; default one more than the largest index (read on the host). */
  numNodes?: number;
}

/**
 * Appends one loop i → i per node after the existing edges (which are kept, loops included),
 * and the loops' attributes (`fillValue`) after `edgeAttr`. With `numNodes` given, nothing is
 * read on the host.
 * @example const [withLoops, weights] = addSelfLoops(edgeIndex, edgeWeight, { numNodes: 4 });
 */
export function addSelfLoops(edgeIndex: Tensor, edgeAttr: Tensor | null = null, options: AddSelfLoopsOptions = {}): [Tensor, Tensor | null] {
  checkEdgeIndex('addSelfLoops', edgeIndex);
  if (edgeAttr) checkEdgeAttr('addSelfLoops', edgeAttr, edgeIndex);
  const n = options.numNodes ?? hostEdges('addSelfLoops', edgeIndex).numNodes;
  return tidy(() => {
    const loops = indexVector(Array.from({ length: n }, (_, i) => i));
    const index = cat([edgeIndex, cat([loops.reshape([1, n]), loops.reshape([1, n])], 0)], 1);
    const attr = edgeAttr ? cat([edgeAttr, full([n, ...edgeAttr.shape.slice(1)], options.fillValue ?? 1)], 0) : null;
    return [index, attr] as [Tensor, Tensor | null];
  });
}

/**
 * Drops every loop i → i, with its attribute. Reads the indices on the host.
 * @example const [noLoops] = removeSelfLoops(edgeIndex);
 */
export function removeSelfLoops(edgeIndex: Tensor, edgeAttr: Tensor | null = null): [Tensor, Tensor | null] {
  const { src, dst } = hostEdges('removeSelfLoops', edgeIndex);
  if (edgeAttr) checkEdgeAttr('removeSelfLoops', edgeAttr, edgeIndex);
  const keep: number[] = [];
  for (let e = 0; e < src.length; e++) if (src[e] !== dst[e]) keep.push(e);
  return selectEdges(src, dst, edgeAttr, keep);
}

/** The edges at positions `keep`, in that order, with their attributes. */
export function selectEdges(src: Int32Array, dst: Int32Array, edgeAttr: Tensor | null, keep: readonly number[]): [Tensor, Tensor | null] {
  return tidy(() => {
    const index = edgeIndexFrom(keep.map((e) => src[e]), keep.map((e) => dst[e]));
    const attr = edgeAttr ? indexSelect(edgeAttr, 0, indexVector(keep)) : null;
    return [index, attr] as [Tensor, Tensor | null];
  });
}
