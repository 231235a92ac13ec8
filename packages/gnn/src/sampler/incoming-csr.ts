// The incoming edges of every node on the host (CSR sorted by target), which the neighbour
// sampler walks.
/** Incoming edges grouped by target: node i's sources are colIndex[rowPtr[i]..rowPtr[i+1]). */
export interface HostCsr {
  rowPtr: Int32Array;
  colIndex: Int32Array;
  /** Each CSR position's edge in the original edge index. */
  edgeId: Int32Array;
}

/** Counting sort of the edges by target, stable in the original edge order. */
export function incomingCsr(src: Int32Array, dst: Int32Array, numNodes: number): HostCsr {
  const rowPtr = new Int32Array(numNodes + 1);
  for (let e = 0; e < dst.length; e++) rowPtr[dst[e] + 1]++;
  for (let i = 0; i < numNodes; i++) rowPtr[i + 1] += rowPtr[i];
  const next = rowPtr.slice(0, numNodes);
  const colIndex = new Int32Array(src.length);
  const edgeId = new Int32Array(src.length);
  for (let e = 0; e < src.length; e++) {
    const at = next[dst[e]]++;
    colIndex[at] = src[e];
    edgeId[at] = e;
  }
  return { rowPtr, colIndex, edgeId };
}
