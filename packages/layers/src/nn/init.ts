/**
 * Initialisers, as torch.nn.init: each fills a tensor in place (with `assign`, outside
 * autograd) from core's seeded generator, so `manualSeed` makes a model's initial weights
 * reproducible on every backend. The fan and gain rules are PyTorch's.
 * @module
 */
import { cat, full, matmul, rand, randn, reshape, slice, sum, tidy, transpose, type Tensor } from '@tessera/core';
import { noGrad } from '@tessera/autograd';

/** Nonlinearities `calculateGain` knows, as PyTorch spells them. */
export type Nonlinearity =
  | 'linear' | 'conv1d' | 'conv2d' | 'conv3d' | 'conv_transpose1d' | 'conv_transpose2d' | 'conv_transpose3d'
  | 'sigmoid' | 'tanh' | 'relu' | 'leaky_relu' | 'selu';

/** Which fan Kaiming initialisation preserves: the forward pass's variance or the backward pass's. */
export type FanMode = 'fan_in' | 'fan_out';

/** Options of kaimingUniform and kaimingNormal. */
export interface KaimingOptions {
  /** Negative slope of the leaky ReLU that follows (used with 'leaky_relu'). Default 0. */
  a?: number;
  /** Default 'fan_in'. */
  mode?: FanMode;
  /** Default 'leaky_relu'. */
  nonlinearity?: Nonlinearity;
}

function fill(t: Tensor, make: () => Tensor): Tensor {
  if (t.size === 0) return t;
  noGrad(() => tidy(() => {
    t.assign(make());
  }));
  return t;
}

function requireFloat(op: string, t: Tensor): void {
  if (t.dtype !== 'float32') throw new Error(`init.${op}: expected a float32 tensor, got ${t.dtype} of shape [${t.shape}]`);
}

/**
 * The recommended gain for a nonlinearity (`param` is leaky ReLU's negative slope, default
 * 0.01), as torch.nn.init.calculate_gain.
 * @example calculateGain('relu') // Math.SQRT2
 */
export function calculateGain(nonlinearity: Nonlinearity, param?: number): number {
  switch (nonlinearity) {
    case 'tanh':
      return 5 / 3;
    case 'relu':
      return Math.SQRT2;
    case 'leaky_relu': {
      const slope = param ?? 0.01;
      return Math.sqrt(2 / (1 + slope * slope));
    }
    case 'selu':
      return 3 / 4;
    default:
      return 1;
  }
}

/**
 * `[fanIn, fanOut]` of a weight of at least 2 dimensions: `shape[1]` and `shape[0]` times the
 * receptive field (the product of the remaining dimensions), as PyTorch computes them (for a
 * transposed convolution's `[in, out, ...]` weight too).
 * @example calculateFanInAndFanOut(conv.weight) // [inChannels * kH * kW, outChannels * kH * kW]
 */
export function calculateFanInAndFanOut(t: Tensor): [number, number] {
  if (t.ndim < 2) throw new Error(`init: fan in and fan out cannot be computed for a tensor of fewer than 2 dimensions, got shape [${t.shape}]`);
  const receptive = t.shape.slice(2).reduce((a, b) => a * b, 1);
  return [t.shape[1] * receptive, t.shape[0] * receptive];
}

/**
 * Fills `t` with values drawn uniformly from [a, b).
 * @example uniform(bias, -0.1, 0.1)
 */
export function uniform(t: Tensor, a = 0, b = 1): Tensor {
  requireFloat('uniform', t);
  return fill(t, () => rand(t.shape).mul(b - a).add(a));
}

/**
 * Fills `t` with values drawn from N(mean, std²).
 * @example normal(embedding.weight, 0, 1)
 */
export function normal(t: Tensor, mean = 0, std = 1): Tensor {
  requireFloat('normal', t);
  return fill(t, () => randn(t.shape).mul(std).add(mean));
}

/**
 * Fills `t` with `value`.
 * @example constant(bias, 0.1)
 */
export function constant(t: Tensor, value: number): Tensor {
  return fill(t, () => full(t.shape, value, { dtype: t.dtype }));
}

/**
 * Fills `t` with zeros.
 * @example zeros(bias)
 */
export function zeros(t: Tensor): Tensor {
  return constant(t, 0);
}

/**
 * Fills `t` with ones.
 * @example ones(norm.weight)
 */
export function ones(t: Tensor): Tensor {
  return constant(t, 1);
}

/**
 * Glorot uniform: U(-a, a) with `a = gain * sqrt(6 / (fanIn + fanOut))`.
 * @example xavierUniform(linear.weight, calculateGain('tanh'))
 */
export function xavierUniform(t: Tensor, gain = 1): Tensor {
  const [fanIn, fanOut] = calculateFanInAndFanOut(t);
  const bound = fanIn + fanOut > 0 ? gain * Math.sqrt(6 / (fanIn + fanOut)) : 0;
  return uniform(t, -bound, bound);
}

/**
 * Glorot normal: N(0, std²) with `std = gain * sqrt(2 / (fanIn + fanOut))`.
 * @example xavierNormal(linear.weight)
 */
export function xavierNormal(t: Tensor, gain = 1): Tensor {
  const [fanIn, fanOut] = calculateFanInAndFanOut(t);
  return normal(t, 0, fanIn + fanOut > 0 ? gain * Math.sqrt(2 / (fanIn + fanOut)) : 0);
}

function kaimingStd(op: string, t: Tensor, options: KaimingOptions): number {
  const { a = 0, mode = 'fan_in', nonlinearity = 'leaky_relu' } = options;
  if (mode !== 'fan_in' && mode !== 'fan_out') throw new Error(`init.${op}: mode must be 'fan_in' or 'fan_out', got '${String(mode)}'`);
  const [fanIn, fanOut] = calculateFanInAndFanOut(t);
  const fan = mode === 'fan_in' ? fanIn : fanOut;
  // NOTE: a zero fan means an empty tensor, which every initialiser leaves as it is (PyTorch too).
  return fan === 0 ? 0 : calculateGain(nonlinearity, a) / Math.sqrt(fan);
}

/**
 * He uniform: U(-b, b) with `b = gain * sqrt(3 / fan)`. PyTorch's layers use
 * `{ a: Math.sqrt(5) }`, which gives `b = 1 / sqrt(fanIn)`.
 * @example kaimingUniform(conv.weight, { mode: 'fan_out', nonlinearity: 'relu' })
 */
export function kaimingUniform(t: Tensor, options: KaimingOptions = {}): Tensor {
  const bound = Math.sqrt(3) * kaimingStd('kaimingUniform', t, options);
  return uniform(t, -bound, bound);
}

/**
 * He normal: N(0, std²) with `std = gain / sqrt(fan)`.
 * @example kaimingNormal(conv.weight, { mode: 'fan_out', nonlinearity: 'relu' })
 */
export function kaimingNormal(t: Tensor, options: KaimingOptions = {}): Tensor {
  return normal(t, 0, kaimingStd('kaimingNormal', t, options));
}

/**
 * A (semi-)orthogonal matrix times `gain`: the Q factor of a Gaussian matrix with the signs
 * that make R's diagonal positive, as PyTorch; dimensions past the first are flattened.
 * Computed with Gram-Schmidt on the device (one step per column of the tall orientation).
 * @example orthogonal(rnn.weight, 1)
 */
export function orthogonal(t: Tensor, gain = 1): Tensor {
  requireFloat('orthogonal', t);
  if (t.ndim < 2) throw new Error(`init.orthogonal: only tensors with 2 or more dimensions are supported, got shape [${t.shape}]`);
  const rows = t.shape[0];
  const cols = t.size / rows;
  return fill(t, () => {
    let a = randn([rows, cols]);
    if (rows < cols) a = transpose(a, 0, 1);
    let q = gramSchmidt(a);
    if (rows < cols) q = transpose(q, 0, 1);
    return reshape(q.mul(gain), t.shape);
  });
}

// NOTE: classical Gram-Schmidt loses orthogonality in float32; projecting twice per column
// ("twice is enough") restores it to rounding level.
function gramSchmidt(a: Tensor): Tensor {
  const columns: Tensor[] = [];
  for (let j = 0; j < a.shape[1]; j++) {
    let v = slice(a, 1, j, j + 1);
    if (j > 0) {
      const q = cat(columns, 1);
      for (let pass = 0; pass < 2; pass++) v = v.sub(matmul(q, matmul(transpose(q, 0, 1), v)));
    }
    columns.push(v.div(sum(v.square()).sqrt()));
  }
  return cat(columns, 1);
}
