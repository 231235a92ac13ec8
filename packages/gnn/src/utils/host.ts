// Graph utilities whose output shape depends on the indices (removing loops, subgraphs,
// coalescing) read the edge index on the host. This file is the one place that does it, so
// the error for a backend that cannot read synchronously (webgpu) is written once.
import { tensor, tidy, type Tensor } from '@tessera/core';
import { checkEdgeIndex, checkIndexRange } from '../checks.js';

/** Sources and targets of an `[2, E]` edge index as host arrays, checked against `numNodes`. */
export interface HostEdges {
  src: Int32Array;
  dst: Int32Array;
  numNodes: number;
}

/** Reads an int32 tensor's values on the host (js and wasm; webgpu cannot read synchronously). */
export function hostValues(where: string, t: Tensor): Int32Array {
  if (t.backend === 'webgpu') {
    throw new Error(`${where}: reads the indices on the host, which webgpu cannot do synchronously; build the graph on js or wasm and move features to webgpu`);
  }
  return Int32Array.from(t.dataSync());
}

/** One more than the largest index, as PyG's maybe_num_nodes (0 for no edges). */
export function inferNumNodes(values: Int32Array): number {
  let max = -1;
  for (let i = 0; i < values.length; i++) if (values[i] > max) max = values[i];
  return max + 1;
}

/** Reads and checks an edge index; `numNodes` defaults to one more than its largest index. */
export function hostEdges(where: string, edgeIndex: Tensor, numNodes?: number): HostEdges {
  checkEdgeIndex(where, edgeIndex);
  const values = hostValues(where, edgeIndex);
  const n = numNodes ?? inferNumNodes(values);
  checkIndexRange(where, values, n, edgeIndex.shape);
  const e = edgeIndex.shape[1];
  return { src: values.subarray(0, e), dst: values.subarray(e), numNodes: n };
}

/** An `[2, E]` int32 edge index on the active backend from host sources and targets. */
export function edgeIndexFrom(src: ArrayLike<number>, dst: ArrayLike<number>): Tensor {
  const values = new Int32Array(src.length * 2);
  values.set(src);
  values.set(dst, src.length);
  return tidy(() => tensor(values, { dtype: 'int32' }).reshape([2, src.length]));
}

/** An int32 vector on the active backend. */
export function indexVector(values: ArrayLike<number>): Tensor {
  return tensor(Int32Array.from(values), { dtype: 'int32' });
}
