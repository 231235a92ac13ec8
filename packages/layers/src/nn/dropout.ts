// Dropout as a module: active in training mode only, drawn from core's seeded generator.
import { dropout, type Tensor } from '@tessera/core';
import { Module } from './module.js';

/**
 * Zeroes each element with probability `p` while training and scales the rest by
 * `1 / (1 - p)`; the identity in eval mode.
 * @example const drop = new Dropout(0.2); drop.call(hidden); drop.eval();
 */
export class Dropout extends Module {
  constructor(readonly p = 0.5) {
    super();
    if (typeof p !== 'number' || !(p >= 0 && p <= 1)) throw new Error(`Dropout: probability p must be between 0 and 1, got ${p}`);
  }

  /** Any shape, same shape out. */
  forward(x: Tensor): Tensor {
    return dropout(x, this.p, this.training);
  }
}
