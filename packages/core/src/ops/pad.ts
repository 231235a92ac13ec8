// Constant padding with torch.nn.functional.pad's argument order: pairs for the last
// dimension first.
import { runKernel } from '../engine.js';
import { check, fmt } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { live } from './args.js';

/**
 * Pads with `value`: `pads = [left, right, top, bottom, ...]` pads the last dimension, then
 * the one before it; negative amounts crop.
 * @example pad(images, [1, 1, 1, 1]) // one pixel of zeros around H and W
 */
export function pad(x: Tensor, pads: readonly number[], value = 0): Tensor {
  live('pad', x);
  check(Array.isArray(pads) && pads.length % 2 === 0 && pads.length / 2 <= x.ndim, 'pad', () =>
    `pads must hold an even number of integers, at most 2 per dimension of ${fmt(x.shape)}; got ${JSON.stringify(pads)}`);
  check(pads.every(Number.isInteger), 'pad', () => `pads must be integers, got ${JSON.stringify(pads)}`);
  const pairs: [number, number][] = x.shape.map(() => [0, 0]);
  for (let i = 0; i < pads.length / 2; i++) pairs[x.ndim - 1 - i] = [pads[2 * i], pads[2 * i + 1]];
  const shape = x.shape.map((s, d) => s + pairs[d][0] + pairs[d][1]);
  check(shape.every((s) => s >= 0), 'pad', () => `pads ${JSON.stringify(pads)} crop ${fmt(x.shape)} to a negative size ${fmt(shape)}`);
  return runKernel('pad', [x], { pads: pairs, value: x.dtype === 'bool' ? Number(value !== 0) : value }, shape, x.dtype);
}
