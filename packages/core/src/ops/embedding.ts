// Embedding lookup: rows of a table by integer id, as one indexSelect.
import { tidy } from '../engine.js';
import { check, fmt } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { live, requireIndex } from './args.js';
import { indexSelect } from './indexing.js';
import { reshape } from './reshape.js';

/**
 * Rows of `weight` `[numEmbeddings, dim]` for each int32 index: the output has shape
 * `[...indices.shape, dim]`.
 * @example embedding(tokenIds, table)
 */
export function embedding(indices: Tensor, weight: Tensor): Tensor {
  live('embedding', indices, 'indices');
  live('embedding', weight, 'weight');
  requireIndex('embedding', indices, 'indices');
  check(weight.ndim === 2, 'embedding', () => `weight must be 2-D [numEmbeddings, dim], got ${fmt(weight.shape)}`);
  return tidy(() => reshape(indexSelect(weight, 0, reshape(indices, [-1])), [...indices.shape, weight.shape[1]]));
}
