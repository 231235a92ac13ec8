// Pooling layers over core's maxPool2d, avgPool2d and adaptiveAvgPool2d. They hold no
// parameters; the options are PyTorch's, in camelCase.
import { adaptiveAvgPool2d, avgPool2d, maxPool2d, type Tensor } from '@tessera/core';
import { Module } from './module.js';
import type { IntOrPair } from './conv.js';

/** Options of MaxPool2d. */
export interface MaxPool2dOptions {
  /** Step between windows. Defaults to kernelSize. */
  stride?: IntOrPair;
  /** Implicit -∞ padding on both sides, at most half the kernel. Default 0. */
  padding?: IntOrPair;
  /** Round the output size up instead of down. Default false. */
  ceilMode?: boolean;
}

/** Options of AvgPool2d. */
export interface AvgPool2dOptions extends MaxPool2dOptions {
  /** Count the zero padding in each window's divisor. Default true. */
  countIncludePad?: boolean;
}

/**
 * Maximum over windows of `[N, C, H, W]` (or `[C, H, W]`).
 * @example const pool = new MaxPool2d(2); pool.call(x) // halves H and W
 */
export class MaxPool2d extends Module {
  constructor(readonly kernelSize: IntOrPair, readonly options: MaxPool2dOptions = {}) {
    super();
  }

  /** `[N, C, H, W]` → `[N, C, H', W']`. */
  forward(x: Tensor): Tensor {
    return maxPool2d(x, { kernelSize: this.kernelSize, ...this.options });
  }
}

/**
 * Average over windows of `[N, C, H, W]` (or `[C, H, W]`).
 * @example const pool = new AvgPool2d(3, { stride: 2, padding: 1, countIncludePad: false });
 */
export class AvgPool2d extends Module {
  constructor(readonly kernelSize: IntOrPair, readonly options: AvgPool2dOptions = {}) {
    super();
  }

  /** `[N, C, H, W]` → `[N, C, H', W']`. */
  forward(x: Tensor): Tensor {
    return avgPool2d(x, { kernelSize: this.kernelSize, ...this.options });
  }
}

/**
 * Average pooling to a fixed output size, whatever the input size (null keeps a dimension).
 * @example const gap = new AdaptiveAvgPool2d(1); gap.call(features) // [N, C, 1, 1]
 */
export class AdaptiveAvgPool2d extends Module {
  constructor(readonly outputSize: number | readonly [number | null, number | null]) {
    super();
  }

  /** `[N, C, H, W]` → `[N, C, outH, outW]`. */
  forward(x: Tensor): Tensor {
    return adaptiveAvgPool2d(x, this.outputSize);
  }
}
