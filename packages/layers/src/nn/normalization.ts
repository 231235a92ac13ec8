// Per-sample normalisation layers: LayerNorm over trailing dimensions (core's layerNorm) and
// GroupNorm over channel groups, composed as a layerNorm of the grouped view.
import { add, layerNorm, mul, ones, reshape, zeros, type Tensor } from '@tessera/core';
import { Module } from './module.js';
import { checkSizes } from './args.js';

/** Options of LayerNorm. */
export interface LayerNormOptions {
  /** Added to the variance. Default 1e-5. */
  eps?: number;
  /** Learn `weight` and `bias` of shape normalizedShape. Default true. */
  elementwiseAffine?: boolean;
  /** With elementwiseAffine, learn the `bias` too (PyTorch ≥ 2.1's `bias`). Default true. */
  bias?: boolean;
}

/**
 * Normalises each sample over its trailing `normalizedShape` dimensions (biased variance),
 * then scales and shifts elementwise.
 * @example const ln = new LayerNorm(512); ln.call(tokens) // tokens [B, T, 512]
 */
export class LayerNorm extends Module {
  readonly normalizedShape: readonly number[];
  readonly eps: number;
  readonly elementwiseAffine: boolean;

  constructor(normalizedShape: number | readonly number[], options: LayerNormOptions = {}) {
    super();
    const { eps = 1e-5, elementwiseAffine = true, bias = true } = options;
    this.normalizedShape = typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape];
    checkSizes('LayerNorm', Object.fromEntries(this.normalizedShape.map((d, i) => [`normalizedShape[${i}]`, d])));
    this.eps = eps;
    this.elementwiseAffine = elementwiseAffine;
    this.registerParameter('weight', elementwiseAffine ? ones(this.normalizedShape) : null);
    this.registerParameter('bias', elementwiseAffine && bias ? zeros(this.normalizedShape) : null);
  }

  /** The scale, ones at first, or null without elementwiseAffine. */
  get weight(): Tensor | null {
    return this.getOptionalParameter('weight');
  }

  /** The shift, zeros at first, or null without elementwiseAffine or bias. */
  get bias(): Tensor | null {
    return this.getOptionalParameter('bias');
  }

  /** Any shape ending in normalizedShape, same shape out. */
  forward(x: Tensor): Tensor {
    const k = this.normalizedShape.length;
    if (x.ndim < k || x.shape.slice(x.ndim - k).some((d, i) => d !== this.normalizedShape[i])) {
      throw new Error(`LayerNorm: expected an input ending in [${this.normalizedShape}], got shape [${x.shape}]`);
    }
    return layerNorm(x, this.normalizedShape, this.weight, this.bias, this.eps);
  }
}

/** Options of GroupNorm. */
export interface GroupNormOptions {
  /** Added to the variance. Default 1e-5. */
  eps?: number;
  /** Learn a per-channel `weight` and `bias`. Default true. */
  affine?: boolean;
}

/**
 * Splits the channels of `[N, C, ...]` into `numGroups` groups and normalises each group of
 * each sample (biased variance), then scales and shifts per channel.
 * @example const gn = new GroupNorm(8, 64); gn.call(features)
 */
export class GroupNorm extends Module {
  readonly eps: number;
  readonly affine: boolean;

  constructor(readonly numGroups: number, readonly numChannels: number, options: GroupNormOptions = {}) {
    super();
    const { eps = 1e-5, affine = true } = options;
    checkSizes('GroupNorm', { numGroups, numChannels });
    if (numChannels % numGroups !== 0) throw new Error(`GroupNorm: numChannels=${numChannels} must be divisible by numGroups=${numGroups}`);
    this.eps = eps;
    this.affine = affine;
    this.registerParameter('weight', affine ? ones([numChannels]) : null);
    this.registerParameter('bias', affine ? zeros([numChannels]) : null);
  }

  /** Per-channel scale `[numChannels]`, or null when not affine. */
  get weight(): Tensor | null {
    return this.getOptionalParameter('weight');
  }

  /** Per-channel shift `[numChannels]`, or null when not affine. */
  get bias(): Tensor | null {
    return this.getOptionalParameter('bias');
  }

  /** `[N, C, ...]`, same shape out. */
  forward(x: Tensor): Tensor {
    if (x.ndim < 2 || x.shape[1] !== this.numChannels) {
      throw new Error(`GroupNorm: expected an input [N, ${this.numChannels}, ...], got shape [${x.shape}]`);
    }
    const n = x.shape[0];
    const perGroup = x.size / Math.max(n * this.numGroups, 1);
    let y = reshape(layerNorm(reshape(x, [n, this.numGroups, perGroup]), [perGroup], null, null, this.eps), x.shape);
    const channelShape = [this.numChannels, ...x.shape.slice(2).map(() => 1)];
    if (this.weight) y = mul(y, reshape(this.weight, channelShape));
    if (this.bias) y = add(y, reshape(this.bias, channelShape));
    return y;
  }
}
