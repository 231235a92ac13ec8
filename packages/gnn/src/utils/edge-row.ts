// The sources (row 0) or targets (row 1) of an edge index as a vector, on the device.
import { reshape, slice, tidy, type Tensor } from '@tessera/core';

/**
 * Row `row` of an `[2, E]` edge index as an int32 vector `[E]`: 0 gives the sources, 1 the
 * targets (PyG's `edge_index[0]` and `edge_index[1]`).
 * @example const targets = edgeRow(edgeIndex, 1);
 */
export function edgeRow(edgeIndex: Tensor, row: 0 | 1): Tensor {
  return tidy(() => reshape(slice(edgeIndex, 0, row, row + 1), [edgeIndex.shape[1]]));
}
