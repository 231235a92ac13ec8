// Lifting and group convolutions (Cohen & Welling 2016, GrouPy's layout [N, C, |G|, H, W]).
// Both gather a transformed filter bank from the weight (filter-bank.ts) and run one ordinary
// conv2d with C'·|G| output channels, so they cost what that plain convolution costs.
import { conv2d, expand, reshape, tidy, zeros, type Tensor } from '@tessera/core';
import { Module, init } from '@tessera/layers';
import { FilterBank } from './filter-bank.js';
import { resolveGroup, type Group, type GroupLike } from './groups.js';

/** Options of LiftingConv2d and GroupConv2d. */
export interface GroupConv2dOptions {
  /** The symmetry group: 'p4' (default), 'p4m', or cn(n) / dn(n). */
  group?: GroupLike;
  /** Default 1. Above 1, equivariance is exact only where (H + 2·padding − k) divides by the stride. */
  stride?: number;
  /** Zeros on every side, or 'valid' / 'same' ('same' needs an odd kernel). Default 0. */
  padding?: number | 'valid' | 'same';
  /** One learned bias per output channel, shared by its |G| planes. Default true. */
  bias?: boolean;
}

function checkPositiveInteger(layer: string, name: string, value: number): void {
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${layer}: ${name} must be a positive integer, got ${value}`);
}

/** The bookkeeping both convolutions share: options, weight, bias and the conv2d over the bank. */
abstract class GroupConvBase extends Module {
  readonly group: Group;
  readonly stride: number;
  readonly padding: number | 'valid' | 'same';
  readonly #bank: FilterBank;

  protected constructor(
    protected readonly layer: string,
    readonly inChannels: number,
    readonly outChannels: number,
    readonly kernelSize: number,
    inOrder: 'one' | 'group',
    options: GroupConv2dOptions,
  ) {
    super();
    const { group = 'p4', stride = 1, padding = 0, bias = true } = options;
    this.group = resolveGroup(layer, group);
    for (const [name, value] of [['inChannels', inChannels], ['outChannels', outChannels], ['kernelSize', kernelSize], ['stride', stride]] as const) {
      checkPositiveInteger(layer, name, value);
    }
    if (padding === 'same' && kernelSize % 2 === 0) {
      throw new Error(
        `${layer}: padding 'same' with an even kernelSize ${kernelSize} pads one side more than the other, which breaks the ${this.group.name} symmetry; use an odd kernel or a number`,
      );
    }
    if (padding === 'same' && stride !== 1) throw new Error(`${layer}: padding 'same' needs stride 1, got stride ${stride}`);
    if (padding !== 'same' && padding !== 'valid' && !(Number.isInteger(padding) && padding >= 0)) {
      throw new Error(`${layer}: padding must be a non-negative integer (the same on every side, so rotations keep the grid), 'valid' or 'same', got ${JSON.stringify(padding)}`);
    }
    this.stride = stride;
    this.padding = padding;
    const order = inOrder === 'one' ? 1 : this.group.order;
    this.#bank = new FilterBank(this.group, inChannels, order, kernelSize);
    const shape = inOrder === 'one' ? [outChannels, inChannels, kernelSize, kernelSize] : [outChannels, inChannels, order, kernelSize, kernelSize];
    const weight = init.kaimingUniform(zeros(shape), { a: Math.sqrt(5) });
    this.registerParameter('weight', weight);
    const bound = 1 / Math.sqrt(init.calculateFanInAndFanOut(weight)[0]);
    this.registerParameter('bias', bias ? init.uniform(zeros([outChannels]), -bound, bound) : null);
  }

  /** The filters: `[C', C, k, k]` (lifting) or `[C', C, |G|, k, k]` (GrouPy's layout). */
  get weight(): Tensor {
    return this.getParameter('weight');
  }

  /** `[outChannels]`, or null without bias. */
  get bias(): Tensor | null {
    return this.getOptionalParameter('bias');
  }

  /** The transformed filter bank `[C'·|G|, C·Gin, k, k]` this layer convolves with. */
  filterBank(): Tensor {
    return this.#bank.build(this.weight);
  }

  /** conv2d of `[N, C·Gin, H, W]` with the bank, reshaped to `[N, C', |G|, H', W']`. */
  protected convolve(x: Tensor): Tensor {
    const G = this.group.order;
    return tidy(() => {
      const bias = this.bias ? reshape(expand(reshape(this.bias, [this.outChannels, 1]), [this.outChannels, G]), [this.outChannels * G]) : null;
      const y = conv2d(x, this.filterBank(), bias, { stride: this.stride, padding: this.padding });
      return reshape(y, [y.shape[0], this.outChannels, G, y.shape[2], y.shape[3]]);
    });
  }
}

/**
 * Lifts an image `[N, C, H, W]` to a group feature map `[N, C', |G|, H', W']`: output plane h
 * correlates the input with the filters moved by element h (for p4, rotated h times in
 * `rot90`'s direction). Equivariance: `layer(act(G, g, x)) = act(G, g, layer(x))`.
 * @example
 * const lift = new LiftingConv2d(1, 10, 3, { group: 'p4', padding: 1 });
 * const y = lift.call(images); // [N, 10, 4, 28, 28]
 */
export class LiftingConv2d extends GroupConvBase {
  constructor(inChannels: number, outChannels: number, kernelSize: number, options: GroupConv2dOptions = {}) {
    super('LiftingConv2d', inChannels, outChannels, kernelSize, 'one', options);
  }

  /** `[N, C, H, W]` → `[N, C', |G|, H', W']`. */
  forward(x: Tensor): Tensor {
    if (x.ndim !== 4 || x.shape[1] !== this.inChannels) {
      throw new Error(`LiftingConv2d: expected an image [N, ${this.inChannels}, H, W], got [${x.shape}]`);
    }
    return this.convolve(x);
  }
}

/**
 * Convolution of group feature maps `[N, C, |G|, H, W]` → `[N, C', |G|, H', W']`:
 * `y[:, o, h] = Σ_{i,t} corr(x[:, i, t], L_h W[o, i, h⁻¹t])`. Equivariant like LiftingConv2d.
 * @example
 * const conv = new GroupConv2d(10, 10, 3, { group: 'p4m', padding: 1 });
 * const y = conv.call(features); // [N, 10, 8, H, W]
 */
export class GroupConv2d extends GroupConvBase {
  constructor(inChannels: number, outChannels: number, kernelSize: number, options: GroupConv2dOptions = {}) {
    super('GroupConv2d', inChannels, outChannels, kernelSize, 'group', options);
  }

  /** `[N, C, |G|, H, W]` → `[N, C', |G|, H', W']`. */
  forward(x: Tensor): Tensor {
    const G = this.group.order;
    if (x.ndim !== 5 || x.shape[1] !== this.inChannels || x.shape[2] !== G) {
      const axis = x.ndim === 5 && x.shape[2] !== G ? ` (its group axis has ${x.shape[2]} elements where ${this.group.name} has ${G})` : '';
      throw new Error(`GroupConv2d: expected a ${this.group.name} feature map [N, ${this.inChannels}, ${G}, H, W], got [${x.shape}]${axis}`);
    }
    const [N, C, , H, W] = x.shape;
    return tidy(() => this.convolve(reshape(x, [N, C * G, H, W])));
  }
}
