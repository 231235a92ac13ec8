// Node degrees from one row of an edge index, computed on the device (no readback).
import { ones, scatterAdd, tidy, zeros, type Tensor } from '@tessera/core';
import { fmt } from '../checks.js';
import { hostValues, inferNumNodes } from './host.js';

/**
 * How often each node appears in the int32 vector `index` (a row of an edge index), as a
 * float32 vector of `numNodes` (PyG's `degree`). `numNodes` defaults to one more than the
 * largest index, which reads the index on the host.
 * @example degree(edgeRow(edgeIndex, 1), 4) // in-degrees of a 4-node graph
 */
export function degree(index: Tensor, numNodes?: number): Tensor {
  if (index.dtype !== 'int32' || index.ndim !== 1) {
    throw new Error(`degree: index must be an int32 vector, got ${index.dtype} of shape ${fmt(index.shape)}`);
  }
  const n = numNodes ?? inferNumNodes(hostValues('degree', index));
  return tidy(() => scatterAdd(zeros([n]), 0, index, ones([index.shape[0]])));
}
