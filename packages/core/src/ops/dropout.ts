// Dropout: random zeroing with rescaling, drawn from the seeded host generator.
import { fromValues, tidy, view } from '../engine.js';
import { check } from '../errors.js';
import { uniformArray } from '../random.js';
import type { Tensor } from '../tensor.js';
import { live, requireFloat } from './args.js';
import { mul } from './binary.js';

/**
 * Zeroes each element with probability `p` and scales the rest by `1 / (1 - p)` while
 * training; returns the input unchanged otherwise. Draws from the seeded generator.
 * @example dropout(hidden, 0.1, model.training)
 */
export function dropout(x: Tensor, p = 0.5, training = true): Tensor {
  live('dropout', x);
  requireFloat('dropout', x);
  check(typeof p === 'number' && p >= 0 && p <= 1, 'dropout', () => `probability p must be between 0 and 1, got ${p}`);
  if (!training || p === 0) return view(x, x.shape);
  const scale = p === 1 ? 0 : 1 / (1 - p);
  const mask = uniformArray(x.size);
  for (let i = 0; i < mask.length; i++) mask[i] = mask[i] < 1 - p ? scale : 0;
  return tidy(() => mul(x, fromValues(mask, x.shape, 'float32', x.storage.backend)));
}
