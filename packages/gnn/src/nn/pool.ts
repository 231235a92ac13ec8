// Graph-level readouts: one row per graph of a batch, summing, averaging or taking the
// maximum of its nodes' features (PyG's global_add_pool, global_mean_pool, global_max_pool).
import { max, mean, sum, tidy, type Tensor } from '@tessera/core';
import { fmt } from '../checks.js';
import { hostValues, inferNumNodes } from '../utils/host.js';
import { scatter, type Aggregation } from './aggregate.js';

function pool(where: string, reduce: Aggregation, x: Tensor, batch: Tensor | null, size?: number): Tensor {
  if (x.ndim < 2) throw new Error(`${where}: x must be [numNodes, ...], got ${fmt(x.shape)}`);
  if (!batch) {
    return tidy(() => (reduce === 'add' ? sum(x, 0, true) : reduce === 'mean' ? mean(x, 0, true) : max(x, 0, true)));
  }
  if (batch.dtype !== 'int32' || batch.ndim !== 1 || batch.shape[0] !== x.shape[0]) {
    throw new Error(`${where}: batch must be an int32 vector of one graph id per node (${x.shape[0]} for x ${fmt(x.shape)}), got ${batch.dtype} of shape ${fmt(batch.shape)}`);
  }
  const graphs = size ?? inferNumNodes(hostValues(where, batch));
  return scatter(x, batch, graphs, reduce);
}

/**
 * Sums the node features of each graph: `[N, F]` → `[numGraphs, F]` (`[1, F]` without `batch`).
 * `size` (the number of graphs) defaults to one more than the largest graph id.
 * @example const readout = globalAddPool(x, batch.batch);
 */
export function globalAddPool(x: Tensor, batch: Tensor | null = null, size?: number): Tensor {
  return pool('globalAddPool', 'add', x, batch, size);
}

/**
 * Averages the node features of each graph: `[N, F]` → `[numGraphs, F]`.
 * @example const readout = globalMeanPool(x, batch.batch);
 */
export function globalMeanPool(x: Tensor, batch: Tensor | null = null, size?: number): Tensor {
  return pool('globalMeanPool', 'mean', x, batch, size);
}

/**
 * The feature-wise maximum over each graph's nodes: `[N, F]` → `[numGraphs, F]`.
 * @example const readout = globalMaxPool(x, batch.batch);
 */
export function globalMaxPool(x: Tensor, batch: Tensor | null = null, size?: number): Tensor {
  return pool('globalMaxPool', 'max', x, batch, size);
}
