// Conversion between an edge index and compressed sparse rows or columns of the adjacency
// matrix A (A[source, target] = 1), as PyG's to_torch_csr_tensor / to_torch_csc_tensor and
// back. The sorting is core's (edgeIndexToCsr); these pick the orientation PyG users expect.
import { edgeIndexToCsr, keep, tidy, type Tensor } from '@tessera/core';
import { edgeIndexFrom, hostValues } from './host.js';

/** Compressed rows (or columns) of A: `ptr` `[n+1]`, the other endpoint per edge `[E]`, and each edge's position in the edge index `[E]`. */
export interface Compressed {
  ptr: Tensor;
  index: Tensor;
  perm: Tensor;
}

function compress(edgeIndex: Tensor, numNodes: number | undefined, bySource: boolean): Compressed {
  const graph = edgeIndexToCsr(edgeIndex, numNodes === undefined ? {} : { numNodes });
  // core's CsrGraph is sorted by target; its transpose by source.
  const picked = bySource ? [graph.tRowPtr, graph.tColIndex, graph.tPerm] : [graph.rowPtr, graph.colIndex, graph.perm];
  const [ptr, index, perm] = picked.map((t) => keep(t.add(0)));
  graph.dispose();
  return { ptr, index, perm };
}

/**
 * A's compressed rows: edges sorted by source (stable), `ptr[i]..ptr[i+1]` the out-edges of i,
 * `index` their targets. Reads the indices on the host (js, wasm).
 * @example const { ptr, index, perm } = toCsr(edgeIndex, 4);
 */
export function toCsr(edgeIndex: Tensor, numNodes?: number): Compressed {
  return compress(edgeIndex, numNodes, true);
}

/**
 * A's compressed columns: edges sorted by target (stable), `ptr[i]..ptr[i+1]` the in-edges of
 * i, `index` their sources (the order message passing pulls in).
 * @example const { ptr, index } = toCsc(edgeIndex, 4);
 */
export function toCsc(edgeIndex: Tensor, numNodes?: number): Compressed {
  return compress(edgeIndex, numNodes, false);
}

function expand(where: string, ptr: Tensor, index: Tensor, bySource: boolean): Tensor {
  const offsets = hostValues(where, ptr);
  const other = hostValues(where, index);
  if (offsets.length < 1 || offsets[0] !== 0 || offsets[offsets.length - 1] !== other.length || offsets.some((v, i) => i > 0 && v < offsets[i - 1])) {
    throw new Error(`${where}: ptr [${ptr.shape}] must rise from 0 to the number of entries of index (${other.length})`);
  }
  const own = new Int32Array(other.length);
  for (let i = 0; i + 1 < offsets.length; i++) own.fill(i, offsets[i], offsets[i + 1]);
  return tidy(() => (bySource ? edgeIndexFrom(own, other) : edgeIndexFrom(other, own)));
}

/**
 * The edge index `[2, E]` of compressed rows (in their order).
 * @example const edgeIndex = fromCsr(ptr, index);
 */
export function fromCsr(ptr: Tensor, index: Tensor): Tensor {
  return expand('fromCsr', ptr, index, true);
}

/**
 * The edge index `[2, E]` of compressed columns (in their order).
 * @example const edgeIndex = fromCsc(ptr, index);
 */
export function fromCsc(ptr: Tensor, index: Tensor): Tensor {
  return expand('fromCsc', ptr, index, false);
}
