// Argument checks shared by the graph utilities and layers, so every bad edge index or feature
// matrix is reported the same way: the function or layer, the shapes, and what was expected.
import type { Tensor } from '@tessera/core';

/** `[2,5]` as errors print shapes. */
export function fmt(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}

/**
 * Throws unless `edgeIndex` is an int32 tensor of shape `[2, E]` (row 0 the sources, row 1
 * the targets). An `[E, 2]` tensor gets a hint to transpose it.
 */
export function checkEdgeIndex(where: string, edgeIndex: Tensor): void {
  if (edgeIndex.dtype !== 'int32') {
    throw new Error(`${where}: edgeIndex must be int32, got ${edgeIndex.dtype} of shape ${fmt(edgeIndex.shape)}`);
  }
  if (edgeIndex.ndim !== 2 || edgeIndex.shape[0] !== 2) {
    const hint = edgeIndex.ndim === 2 && edgeIndex.shape[1] === 2 ? ' (it looks like [E, 2]: transpose it)' : '';
    throw new Error(`${where}: edgeIndex must have shape [2, E], got ${fmt(edgeIndex.shape)}${hint}`);
  }
}

/** Throws unless `x` is a float32 `[N, channels]` matrix (channels checked when given). */
export function checkNodeFeatures(where: string, x: Tensor, channels?: number): void {
  if (x.dtype !== 'float32') throw new Error(`${where}: x must be float32, got ${x.dtype} of shape ${fmt(x.shape)}`);
  if (x.ndim !== 2) throw new Error(`${where}: x must be [numNodes, channels], got ${fmt(x.shape)}`);
  if (channels !== undefined && channels >= 0 && x.shape[1] !== channels) {
    throw new Error(`${where}: x has ${x.shape[1]} channels (shape ${fmt(x.shape)}), expected inChannels=${channels}`);
  }
}

/** Throws unless `w` is a float32 vector of one weight per edge. */
export function checkEdgeWeight(where: string, w: Tensor, numEdges: number): void {
  if (w.dtype !== 'float32' || w.ndim !== 1 || w.shape[0] !== numEdges) {
    throw new Error(`${where}: edgeWeight must be a float32 vector of ${numEdges} (one per edge), got ${w.dtype} of shape ${fmt(w.shape)}`);
  }
}

/**
 * Throws unless every index in `values` lies in [0, numNodes). Used where indices are read on
 * the host anyway (graph utilities, the sampler) and by layers before they touch the graph.
 */
export function checkIndexRange(where: string, values: Int32Array, numNodes: number, shape: readonly number[]): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < 0 || v >= numNodes) {
      throw new Error(`${where}: edgeIndex ${fmt(shape)} holds node ${v} at position ${i}, outside [0, ${numNodes}) for ${numNodes} nodes`);
    }
  }
}
