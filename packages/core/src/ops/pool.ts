// 2-D pooling as compositions: pad, view every window with one stridedCopy, reduce the
// window axes. Average pooling divides by a per-position count computed on the host, which
// covers countIncludePad and ceilMode exactly as PyTorch defines them.
import { fromValues, tidy } from '../engine.js';
import { check, fmt } from '../errors.js';
import { pair, stridesOf, type IntOrPair } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { live, requireFloat } from './args.js';
import { div } from './binary.js';
import { matmul } from './matmul.js';
import { pad } from './pad.js';
import { max, sum } from './reduce.js';
import { squeeze, unsqueeze } from './reshape.js';
import { transpose } from './reorder.js';
import { strided } from './strided.js';

/** Options of maxPool2d and avgPool2d. */
export interface Pool2dOptions {
  /** Window size. */
  kernelSize: IntOrPair;
  /** Step between windows. Defaults to kernelSize. */
  stride?: IntOrPair;
  /** Implicit padding on both sides (-inf for max, zeros for average). Default 0. */
  padding?: IntOrPair;
  /** Use ceil instead of floor for the output size. Default false. */
  ceilMode?: boolean;
}

/** Options of avgPool2d. */
export interface AvgPool2dOptions extends Pool2dOptions {
  /** Count padding zeros in the divisor. Default true. */
  countIncludePad?: boolean;
}

interface Geometry {
  kernel: [number, number];
  stride: [number, number];
  padding: [number, number];
  out: [number, number];
}

function geometry(op: string, x: Tensor, options: Pool2dOptions): Geometry {
  check(options !== undefined && options.kernelSize !== undefined, op, () => 'options.kernelSize is required');
  const kernel = pair(op, 'kernelSize', options.kernelSize);
  const stride = pair(op, 'stride', options.stride ?? kernel);
  const padding = pair(op, 'padding', options.padding ?? 0);
  check(kernel.every((k) => k > 0) && stride.every((s) => s > 0), op, () => `kernelSize and stride must be positive, got ${fmt(kernel)} and ${fmt(stride)}`);
  check(padding.every((p, i) => p >= 0 && p <= kernel[i] / 2), op, () => `padding ${fmt(padding)} should be at most half of the kernel size ${fmt(kernel)}`);
  const out = [0, 1].map((i) => {
    const size = x.shape[x.ndim - 2 + i] + 2 * padding[i] - kernel[i];
    let o = (options.ceilMode ? Math.ceil(size / stride[i]) : Math.floor(size / stride[i])) + 1;
    // NOTE: with ceilMode the last window must start inside the input or its left padding.
    if (options.ceilMode && (o - 1) * stride[i] >= x.shape[x.ndim - 2 + i] + padding[i]) o--;
    return o;
  }) as [number, number];
  check(out.every((o) => o > 0), op, () => `input ${fmt(x.shape)} is too small for kernel ${fmt(kernel)} with padding ${fmt(padding)}`);
  return { kernel, stride, padding, out };
}

/** Every pooling window of a padded `[N, C, H, W]` tensor as `[N, C, oh, ow, kh, kw]`. */
function windows(x: Tensor, g: Geometry, fill: number): Tensor {
  // Pad enough on the bottom/right for ceilMode windows that run past the padded input.
  const extra = [0, 1].map((i) => Math.max(0, (g.out[i] - 1) * g.stride[i] + g.kernel[i] - (x.shape[2 + i] + 2 * g.padding[i])));
  const padded = pad(x, [g.padding[1], g.padding[1] + extra[1], g.padding[0], g.padding[0] + extra[0]], fill);
  const [n, c, h, w] = padded.shape;
  const [sn, sc, sh, sw] = stridesOf([n, c, h, w]);
  return strided(padded, [n, c, g.out[0], g.out[1], g.kernel[0], g.kernel[1]], [sn, sc, sh * g.stride[0], sw * g.stride[1], sh, sw], 0);
}

function batched(op: string, x: Tensor, fn: (x4: Tensor) => Tensor): Tensor {
  live(op, x);
  requireFloat(op, x);
  check(x.ndim === 3 || x.ndim === 4, op, () => `expected a 3-D [C, H, W] or 4-D [N, C, H, W] input, got ${fmt(x.shape)}`);
  return tidy(() => (x.ndim === 3 ? squeeze(fn(unsqueeze(x, 0)), 0) : fn(x)));
}

/**
 * Maximum over each window of the last two dimensions.
 * @example maxPool2d(features, { kernelSize: 2 })
 */
export function maxPool2d(x: Tensor, options: Pool2dOptions): Tensor {
  return batched('maxPool2d', x, (x4) => max(windows(x4, geometry('maxPool2d', x4, options), -Infinity), [4, 5]));
}

/**
 * Mean over each window of the last two dimensions.
 * @example avgPool2d(features, { kernelSize: 3, stride: 2, padding: 1, countIncludePad: false })
 */
export function avgPool2d(x: Tensor, options: AvgPool2dOptions): Tensor {
  return batched('avgPool2d', x, (x4) => {
    const g = geometry('avgPool2d', x4, options);
    const counts = new Float32Array(g.out[0] * g.out[1]);
    const [h, w] = [x4.shape[2], x4.shape[3]];
    const span = (o: number, i: number, size: number) => {
      const start = o * g.stride[i] - g.padding[i];
      const end = Math.min(start + g.kernel[i], size + g.padding[i]);
      const clipped = Math.min(end, size) - Math.max(start, 0);
      return options.countIncludePad ?? true ? end - start : clipped;
    };
    for (let oy = 0; oy < g.out[0]; oy++) {
      for (let ox = 0; ox < g.out[1]; ox++) counts[oy * g.out[1] + ox] = span(oy, 0, h) * span(ox, 1, w);
    }
    const divisor = fromValues(counts, g.out, 'float32', x4.storage.backend);
    return div(sum(windows(x4, g, 0), [4, 5]), divisor);
  });
}

/** `[out, size]` averaging matrix: row i averages input rows floor(i·size/out)..ceil((i+1)·size/out). */
function averagingMatrix(x: Tensor, size: number, out: number): Tensor {
  const values = new Float32Array(out * size);
  for (let i = 0; i < out; i++) {
    const start = Math.floor((i * size) / out);
    const end = Math.ceil(((i + 1) * size) / out);
    for (let j = start; j < end; j++) values[i * size + j] = 1 / (end - start);
  }
  return fromValues(values, [out, size], 'float32', x.storage.backend);
}

/**
 * Average pooling to a fixed output size (null keeps that dimension), with PyTorch's
 * window bounds; computed as `A_h @ x @ A_wᵀ` with averaging matrices.
 * @example adaptiveAvgPool2d(features, 1) // global average pooling
 */
export function adaptiveAvgPool2d(x: Tensor, outputSize: number | readonly (number | null)[]): Tensor {
  return batched('adaptiveAvgPool2d', x, (x4) => {
    const [h, w] = [x4.shape[2], x4.shape[3]];
    const sizes = typeof outputSize === 'number' ? [outputSize, outputSize] : outputSize.length === 1 ? [outputSize[0], outputSize[0]] : [...outputSize];
    check(sizes.length === 2, 'adaptiveAvgPool2d', () => `outputSize must be an integer or a pair, got ${JSON.stringify(outputSize)}`);
    const [oh, ow] = [sizes[0] ?? h, sizes[1] ?? w];
    check([oh, ow].every((o) => Number.isInteger(o) && o > 0), 'adaptiveAvgPool2d', () => `outputSize must hold positive integers, got ${JSON.stringify(outputSize)}`);
    check(h > 0 && w > 0, 'adaptiveAvgPool2d', () => `expected a non-empty spatial size, got ${fmt(x4.shape)}`);
    return matmul(matmul(averagingMatrix(x4, h, oh), x4), transpose(averagingMatrix(x4, w, ow), 0, 1));
  });
}
