// Convolutions. conv2d and convTranspose2d are kernels; conv1d is conv2d over a height of 1.
// Checks follow PyTorch's messages closely so a shape mistake reads the same way.
import { runKernel, tidy } from '../engine.js';
import { check, fmt } from '../errors.js';
import { pair, type IntOrPair } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { live, requireFloat, sameBackend } from './args.js';
import { pad } from './pad.js';
import { reshape, squeeze, unsqueeze } from './reshape.js';

/** Options of conv1d and conv2d. */
export interface ConvOptions {
  /** Step between windows. Default 1. */
  stride?: IntOrPair;
  /** Zeros added on both sides, or 'valid' (none) or 'same' (output size = input size, stride 1). */
  padding?: IntOrPair | 'valid' | 'same';
  /** Spacing between kernel taps. Default 1. */
  dilation?: IntOrPair;
  /** Number of blocked connections from input to output channels. Default 1. */
  groups?: number;
}

/** Options of convTranspose2d. */
export interface ConvTransposeOptions {
  stride?: IntOrPair;
  padding?: IntOrPair;
  /** Extra size added to one side of the output, to pick among the sizes a stride allows. */
  outputPadding?: IntOrPair;
  dilation?: IntOrPair;
  groups?: number;
}

function checkConvInputs(op: string, x: Tensor, weight: Tensor, bias: Tensor | null | undefined, spatial: number): void {
  live(op, x);
  live(op, weight, 'weight');
  if (bias) live(op, bias, 'bias');
  sameBackend(op, bias ? [x, weight, bias] : [x, weight]);
  requireFloat(op, x);
  requireFloat(op, weight, 'weight');
  if (bias) requireFloat(op, bias, 'bias');
  check(x.ndim === spatial + 2, op, () => `expected a ${spatial + 1}-D (unbatched) or ${spatial + 2}-D (batched) input, got ${fmt(x.shape)}`);
  check(weight.ndim === spatial + 2, op, () => `expected a ${spatial + 2}-D weight, got ${fmt(weight.shape)}`);
}

function checkGroups(op: string, groups: number, ...divisible: number[]): void {
  check(Number.isInteger(groups) && groups > 0, op, () => `groups must be a positive integer, got ${groups}`);
  for (const n of divisible) check(n % groups === 0, op, () => `channel count ${n} is not divisible by groups=${groups}`);
}

function conv2dBatched(x: Tensor, weight: Tensor, bias: Tensor | null | undefined, options: ConvOptions, op: string): Tensor {
  checkConvInputs(op, x, weight, bias, 2);
  const groups = options.groups ?? 1;
  const [outChannels, perGroup, kh, kw] = weight.shape;
  checkGroups(op, groups, outChannels);
  check(x.shape[1] === perGroup * groups, op, () =>
    `Given groups=${groups}, weight of size ${fmt(weight.shape)}, expected input${fmt(x.shape)} to have ${perGroup * groups} channels, but got ${x.shape[1]} channels instead`);
  if (bias) check(bias.ndim === 1 && bias.shape[0] === outChannels, op, () => `bias must have shape [${outChannels}], got ${fmt(bias.shape)}`);
  const stride = pair(op, 'stride', options.stride ?? 1);
  const dilation = pair(op, 'dilation', options.dilation ?? 1);
  check(stride.every((s) => s > 0) && dilation.every((d) => d > 0), op, () => `stride and dilation must be positive, got stride=${fmt(stride)}, dilation=${fmt(dilation)}`);
  const kernel = [kh, kw];
  let input = x;
  let padding: [number, number];
  const spec = options.padding ?? 0;
  if (spec === 'valid') padding = [0, 0];
  else if (spec === 'same') {
    check(stride[0] === 1 && stride[1] === 1, op, () => `padding='same' is not supported for strided convolutions (stride=${fmt(stride)})`);
    const total = kernel.map((k, i) => dilation[i] * (k - 1));
    const before = total.map((t) => Math.floor(t / 2));
    // NOTE: an even kernel needs one more zero after than before, as PyTorch pads it.
    if (total.some((t, i) => t - before[i] !== before[i])) {
      input = pad(x, [before[1], total[1] - before[1], before[0], total[0] - before[0]]);
      padding = [0, 0];
    } else padding = [before[0], before[1]];
  } else {
    padding = pair(op, 'padding', spec);
    check(padding.every((p) => p >= 0), op, () => `padding must be non-negative, got ${fmt(padding)}`);
  }
  const out = [0, 1].map((i) => Math.floor((input.shape[2 + i] + 2 * padding[i] - dilation[i] * (kernel[i] - 1) - 1) / stride[i]) + 1);
  check(out.every((o) => o > 0), op, () =>
    `input ${fmt(x.shape)} (padded by ${fmt(padding)}) is smaller than the dilated kernel ${fmt(kernel.map((k, i) => dilation[i] * (k - 1) + 1))}`);
  const inputs = bias ? [input, weight, bias] : [input, weight];
  return runKernel('conv2d', inputs, { stride, padding, dilation, groups }, [x.shape[0], outChannels, out[0], out[1]], 'float32');
}

/**
 * 2-D convolution (cross-correlation, as in PyTorch) of `[N, C, H, W]` (or `[C, H, W]`) by
 * `weight` `[outChannels, C / groups, kH, kW]`.
 * @example conv2d(images, weight, bias, { stride: 2, padding: 1 })
 */
export function conv2d(x: Tensor, weight: Tensor, bias?: Tensor | null, options: ConvOptions = {}): Tensor {
  live('conv2d', x);
  if (x.ndim === 3) return tidy(() => squeeze(conv2dBatched(unsqueeze(x, 0), weight, bias, options, 'conv2d'), 0));
  return tidy(() => conv2dBatched(x, weight, bias, options, 'conv2d'));
}

/**
 * 1-D convolution of `[N, C, L]` (or `[C, L]`) by `weight` `[outChannels, C / groups, k]`.
 * @example conv1d(signal, weight, null, { padding: 'same' })
 */
export function conv1d(x: Tensor, weight: Tensor, bias?: Tensor | null, options: ConvOptions = {}): Tensor {
  live('conv1d', x);
  live('conv1d', weight, 'weight');
  const batched = x.ndim === 3;
  check(x.ndim === 2 || x.ndim === 3, 'conv1d', () => `expected a 2-D (unbatched) or 3-D (batched) input, got ${fmt(x.shape)}`);
  check(weight.ndim === 3, 'conv1d', () => `expected a 3-D weight, got ${fmt(weight.shape)}`);
  // Height 1 with no padding, stride or dilation; the length takes the given values.
  const lengthwise = (name: string, v: IntOrPair | undefined, fallback: number): [number, number] => {
    const value = typeof v === 'number' ? v : v === undefined ? fallback : v.length === 1 ? v[0] : NaN;
    check(Number.isInteger(value), 'conv1d', () => `${name} must be an integer or a 1-element list, got ${JSON.stringify(v)}`);
    return [name === 'padding' ? 0 : 1, value];
  };
  const padding = options.padding === 'same' || options.padding === 'valid' ? options.padding : lengthwise('padding', options.padding, 0);
  const spec: ConvOptions = {
    stride: lengthwise('stride', options.stride, 1),
    dilation: lengthwise('dilation', options.dilation, 1),
    padding,
    groups: options.groups,
  };
  return tidy(() => {
    const x4 = unsqueeze(batched ? x : unsqueeze(x, 0), 2);
    const out = conv2dBatched(x4, unsqueeze(weight, 2), bias, spec, 'conv1d');
    const [n, c, , l] = out.shape;
    return reshape(out, batched ? [n, c, l] : [c, l]);
  });
}

/**
 * Transposed 2-D convolution (the gradient of conv2d with respect to its input) of
 * `[N, Cin, H, W]` by `weight` `[Cin, Cout / groups, kH, kW]`.
 * @example convTranspose2d(features, weight, bias, { stride: 2, padding: 1, outputPadding: 1 })
 */
export function convTranspose2d(x: Tensor, weight: Tensor, bias?: Tensor | null, options: ConvTransposeOptions = {}): Tensor {
  const op = 'convTranspose2d';
  live(op, x);
  if (x.ndim === 3) return tidy(() => squeeze(convTranspose2d(unsqueeze(x, 0), weight, bias, options), 0));
  checkConvInputs(op, x, weight, bias, 2);
  const groups = options.groups ?? 1;
  const [inChannels, perGroup, kh, kw] = weight.shape;
  checkGroups(op, groups, inChannels);
  check(x.shape[1] === inChannels, op, () => `weight of size ${fmt(weight.shape)} expects input${fmt(x.shape)} to have ${inChannels} channels, but got ${x.shape[1]}`);
  const outChannels = perGroup * groups;
  if (bias) check(bias.ndim === 1 && bias.shape[0] === outChannels, op, () => `bias must have shape [${outChannels}], got ${fmt(bias.shape)}`);
  const stride = pair(op, 'stride', options.stride ?? 1);
  const padding = pair(op, 'padding', options.padding ?? 0);
  const outputPadding = pair(op, 'outputPadding', options.outputPadding ?? 0);
  const dilation = pair(op, 'dilation', options.dilation ?? 1);
  check(stride.every((s) => s > 0) && dilation.every((d) => d > 0) && padding.every((p) => p >= 0), op, () =>
    `stride and dilation must be positive and padding non-negative, got stride=${fmt(stride)}, dilation=${fmt(dilation)}, padding=${fmt(padding)}`);
  check(outputPadding.every((p, i) => p >= 0 && (p < stride[i] || p < dilation[i])), op, () =>
    `outputPadding ${fmt(outputPadding)} must be smaller than either stride ${fmt(stride)} or dilation ${fmt(dilation)}`);
  const kernel = [kh, kw];
  const out = [0, 1].map((i) => (x.shape[2 + i] - 1) * stride[i] - 2 * padding[i] + dilation[i] * (kernel[i] - 1) + outputPadding[i] + 1);
  check(out.every((o) => o > 0), op, () => `the output size ${fmt(out)} for input ${fmt(x.shape)} is not positive`);
  const inputs = bias ? [x, weight, bias] : [x, weight];
  return runKernel(op, inputs, { stride, padding, outputPadding, dilation, groups }, [x.shape[0], outChannels, out[0], out[1]], 'float32');
}
