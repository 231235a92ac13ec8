// Convolution layers over core's conv1d, conv2d and convTranspose2d, with PyTorch's weight
// layouts ([out, in / groups, ...k] and, transposed, [in, out / groups, ...k]) and default
// initialisation (He uniform with a = √5, bias U(-1/√fanIn, 1/√fanIn)).
import { conv1d, conv2d, convTranspose2d, zeros, type Tensor } from '@tessera/core';
import { Module } from './module.js';
import { calculateFanInAndFanOut, kaimingUniform, uniform } from './init.js';
import { checkSizes, symmetric } from './args.js';

/** A size for every spatial dimension, or one for all. */
export type IntOrPair = number | readonly [number, number];

/** Options of Conv1d. */
export interface Conv1dOptions {
  /** Default 1. */
  stride?: number;
  /** Zeros on both ends, or 'valid' / 'same'. Default 0. */
  padding?: number | 'valid' | 'same';
  /** Default 1. */
  dilation?: number;
  /** Default 1. */
  groups?: number;
  /** Default true. */
  bias?: boolean;
}

/** Options of Conv2d. */
export interface Conv2dOptions {
  /** Default 1. */
  stride?: IntOrPair;
  /** Zeros on both sides, or 'valid' / 'same'. Default 0. */
  padding?: IntOrPair | 'valid' | 'same';
  /** Default 1. */
  dilation?: IntOrPair;
  /** Default 1. */
  groups?: number;
  /** Default true. */
  bias?: boolean;
}

/** Options of ConvTranspose2d. */
export interface ConvTranspose2dOptions {
  /** Default 1. */
  stride?: IntOrPair;
  /** Default 0. */
  padding?: IntOrPair;
  /** Extra rows/columns on one side of the output. Default 0. */
  outputPadding?: IntOrPair;
  /** Default 1. */
  dilation?: IntOrPair;
  /** Default 1. */
  groups?: number;
  /** Default true. */
  bias?: boolean;
}

/** The weight and bias bookkeeping the three convolutions share. */
abstract class ConvBase extends Module {
  readonly groups: number;

  protected constructor(layer: string, readonly inChannels: number, readonly outChannels: number, weightShape: number[], groups = 1, bias = true) {
    super();
    checkSizes(layer, { inChannels, outChannels, groups });
    for (const [name, value] of [['inChannels', inChannels], ['outChannels', outChannels]] as const) {
      if (value % groups !== 0) throw new Error(`${layer}: ${name}=${value} must be divisible by groups=${groups}`);
    }
    checkSizes(layer, Object.fromEntries(weightShape.slice(2).map((k, i) => [`kernelSize[${i}]`, k])));
    this.groups = groups;
    const weight = zeros(weightShape);
    this.registerParameter('weight', kaimingUniform(weight, { a: Math.sqrt(5) }));
    this.registerParameter('bias', bias ? uniform(zeros([outChannels]), ...symmetric(calculateFanInAndFanOut(weight)[0])) : null);
  }

  /** The filters. */
  get weight(): Tensor {
    return this.getParameter('weight');
  }

  /** `[outChannels]`, or null without bias. */
  get bias(): Tensor | null {
    return this.getOptionalParameter('bias');
  }

  protected checkInput(layer: string, x: Tensor, spatial: number): void {
    const channelDim = x.ndim - spatial - 1;
    if ((x.ndim !== spatial + 1 && x.ndim !== spatial + 2) || x.shape[channelDim] !== this.inChannels) {
      throw new Error(
        `${layer}: expected an input [N, ${this.inChannels}, ...] with ${spatial} spatial dimension(s) (or unbatched [${this.inChannels}, ...]), got shape [${x.shape}]`,
      );
    }
  }
}

function pairOf(v: IntOrPair): [number, number] {
  return typeof v === 'number' ? [v, v] : [v[0], v[1]];
}

/**
 * 1-D convolution of `[N, inChannels, L]`. `weight` is `[outChannels, inChannels / groups, kernelSize]`.
 * @example const conv = new Conv1d(16, 32, 3, { padding: 1 });
 */
export class Conv1d extends ConvBase {
  readonly kernelSize: number;
  readonly stride: number;
  readonly padding: number | 'valid' | 'same';
  readonly dilation: number;

  constructor(inChannels: number, outChannels: number, kernelSize: number, options: Conv1dOptions = {}) {
    const { stride = 1, padding = 0, dilation = 1, groups = 1, bias = true } = options;
    super('Conv1d', inChannels, outChannels, [outChannels, inChannels / groups, kernelSize], groups, bias);
    this.kernelSize = kernelSize;
    this.stride = stride;
    this.padding = padding;
    this.dilation = dilation;
  }

  /** `[N, inChannels, L]` → `[N, outChannels, L']`. */
  forward(x: Tensor): Tensor {
    this.checkInput('Conv1d', x, 1);
    return conv1d(x, this.weight, this.bias, { stride: this.stride, padding: this.padding, dilation: this.dilation, groups: this.groups });
  }
}

/**
 * 2-D convolution of `[N, inChannels, H, W]`. `weight` is `[outChannels, inChannels / groups, kH, kW]`.
 * @example const conv = new Conv2d(1, 32, 3, { padding: 1 }); const y = conv.call(images);
 */
export class Conv2d extends ConvBase {
  readonly kernelSize: [number, number];
  readonly stride: IntOrPair;
  readonly padding: IntOrPair | 'valid' | 'same';
  readonly dilation: IntOrPair;

  constructor(inChannels: number, outChannels: number, kernelSize: IntOrPair, options: Conv2dOptions = {}) {
    const { stride = 1, padding = 0, dilation = 1, groups = 1, bias = true } = options;
    super('Conv2d', inChannels, outChannels, [outChannels, inChannels / groups, ...pairOf(kernelSize)], groups, bias);
    this.kernelSize = pairOf(kernelSize);
    this.stride = stride;
    this.padding = padding;
    this.dilation = dilation;
  }

  /** `[N, inChannels, H, W]` → `[N, outChannels, H', W']`. */
  forward(x: Tensor): Tensor {
    this.checkInput('Conv2d', x, 2);
    return conv2d(x, this.weight, this.bias, { stride: this.stride, padding: this.padding, dilation: this.dilation, groups: this.groups });
  }
}

/**
 * Transposed 2-D convolution ("deconvolution") of `[N, inChannels, H, W]`. `weight` is
 * `[inChannels, outChannels / groups, kH, kW]`, as PyTorch.
 * @example const up = new ConvTranspose2d(16, 8, 4, { stride: 2, padding: 1 }); // doubles H and W
 */
export class ConvTranspose2d extends ConvBase {
  readonly kernelSize: [number, number];
  readonly stride: IntOrPair;
  readonly padding: IntOrPair;
  readonly outputPadding: IntOrPair;
  readonly dilation: IntOrPair;

  constructor(inChannels: number, outChannels: number, kernelSize: IntOrPair, options: ConvTranspose2dOptions = {}) {
    const { stride = 1, padding = 0, outputPadding = 0, dilation = 1, groups = 1, bias = true } = options;
    super('ConvTranspose2d', inChannels, outChannels, [inChannels, outChannels / groups, ...pairOf(kernelSize)], groups, bias);
    this.kernelSize = pairOf(kernelSize);
    this.stride = stride;
    this.padding = padding;
    this.outputPadding = outputPadding;
    this.dilation = dilation;
  }

  /** `[N, inChannels, H, W]` → `[N, outChannels, H', W']`. */
  forward(x: Tensor): Tensor {
    this.checkInput('ConvTranspose2d', x, 2);
    return convTranspose2d(x, this.weight, this.bias, {
      stride: this.stride,
      padding: this.padding,
      outputPadding: this.outputPadding,
      dilation: this.dilation,
      groups: this.groups,
    });
  }
}
