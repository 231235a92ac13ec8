// Layers that only reshape or pass through: Flatten and Identity.
import { flatten, reshape, type Tensor } from '@tessera/core';
import { Module } from './module.js';

/**
 * Flattens dimensions `startDim..endDim` into one (by default all but the batch dimension).
 * @example new Flatten().call(images) // [N, 1, 28, 28] → [N, 784]
 */
export class Flatten extends Module {
  constructor(readonly startDim = 1, readonly endDim = -1) {
    super();
  }

  /** `[N, ...]` → `[N, prod(...)]` with the default dimensions. */
  forward(x: Tensor): Tensor {
    return flatten(x, this.startDim, this.endDim);
  }
}

/**
 * Returns its input: a placeholder where a layer is optional.
 * @example const norm = useNorm ? new LayerNorm(64) : new Identity();
 */
export class Identity extends Module {
  /** The input, as a new handle (so `call`'s tidy and the caller own separate handles). */
  forward(x: Tensor): Tensor {
    return reshape(x, x.shape);
  }
}
