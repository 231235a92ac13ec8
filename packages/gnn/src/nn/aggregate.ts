// Reducing per-edge messages into their target nodes: the aggregation step of message
// passing, written once for MessagePassing's general path, the pooling readouts and GAT.
import { expand, reshape, scatterReduce, tidy, zeros, type Tensor } from '@tessera/core';

/** How messages arriving at a node are combined (PyG's `aggr`; 'add' and 'sum' are the same). */
export type Aggregation = 'add' | 'sum' | 'mean' | 'max' | 'min';

const scatterOp = { add: 'sum', sum: 'sum', mean: 'mean', max: 'amax', min: 'amin' } as const;

/** Throws unless `aggr` is an aggregation this package knows. */
export function checkAggregation(where: string, aggr: string): asserts aggr is Aggregation {
  if (!(aggr in scatterOp)) throw new Error(`${where}: aggr must be one of add, sum, mean, max, min; got '${aggr}'`);
}

/**
 * Reduces `src` (`[E, ...]`, one row per edge) into `dimSize` rows by the int32 vector `index`
 * (`[E]`): row i combines the rows whose index is i, and is zero where none is (as PyG's
 * scatter, also for max and min).
 * @example scatter(messages, targets, numNodes, 'mean')
 */
export function scatter(src: Tensor, index: Tensor, dimSize: number, reduce: Aggregation): Tensor {
  checkAggregation('scatter', reduce);
  return tidy(() => {
    const rest = src.shape.slice(1);
    const at = expand(reshape(index, [index.shape[0], ...rest.map(() => 1)]), src.shape);
    return scatterReduce(zeros([dimSize, ...rest]), 0, at, src, scatterOp[reduce], { includeSelf: false });
  });
}
