// Element-wise functions of one tensor. Functions that are only defined on reals (exp, tanh,
// ...) promote integers to float32, as PyTorch does; sign-like ones keep integers.
import { runKernel, tidy } from '../engine.js';
import { check, fmt } from '../errors.js';
import type { UnaryOp } from '../kernels.js';
import type { Tensor } from '../tensor.js';
import { asDType, live } from './args.js';

// Ops whose result on an integer tensor is an integer tensor.
const INTEGER_PRESERVING: ReadonlySet<UnaryOp> = new Set<UnaryOp>(['neg', 'abs', 'sign', 'square', 'relu', 'floor', 'ceil', 'round']);

function unaryOp(op: UnaryOp, x: Tensor, alpha = 0): Tensor {
  live(op, x);
  if (x.dtype === 'float32') return runKernel('unary', [x], { op, alpha }, x.shape, 'float32');
  if (INTEGER_PRESERVING.has(op)) {
    check(x.dtype !== 'bool', op, () => `is not supported on bool tensors (shape ${fmt(x.shape)}); convert with .int() or .float()`);
    return runKernel('unary', [x], { op, alpha }, x.shape, 'int32');
  }
  return tidy(() => runKernel('unary', [asDType(x, 'float32')], { op, alpha }, x.shape, 'float32'));
}

/** `-x`. */
export function neg(x: Tensor): Tensor { return unaryOp('neg', x); }
/** `|x|`. */
export function abs(x: Tensor): Tensor { return unaryOp('abs', x); }
/** -1, 0 or 1 by the sign of x. */
export function sign(x: Tensor): Tensor { return unaryOp('sign', x); }
/** `e^x`. */
export function exp(x: Tensor): Tensor { return unaryOp('exp', x); }
/** Natural logarithm. */
export function log(x: Tensor): Tensor { return unaryOp('log', x); }
/** `log(1 + x)`, accurate for small x. */
export function log1p(x: Tensor): Tensor { return unaryOp('log1p', x); }
/** Square root. */
export function sqrt(x: Tensor): Tensor { return unaryOp('sqrt', x); }
/** `1 / sqrt(x)`. */
export function rsqrt(x: Tensor): Tensor { return unaryOp('rsqrt', x); }
/** `x * x`. */
export function square(x: Tensor): Tensor { return unaryOp('square', x); }
/** `1 / x`. */
export function reciprocal(x: Tensor): Tensor { return unaryOp('reciprocal', x); }
/** Sine. */
export function sin(x: Tensor): Tensor { return unaryOp('sin', x); }
/** Cosine. */
export function cos(x: Tensor): Tensor { return unaryOp('cos', x); }
/** Hyperbolic tangent. */
export function tanh(x: Tensor): Tensor { return unaryOp('tanh', x); }
/** `1 / (1 + e^-x)`. */
export function sigmoid(x: Tensor): Tensor { return unaryOp('sigmoid', x); }
/** `max(x, 0)`. */
export function relu(x: Tensor): Tensor { return unaryOp('relu', x); }
/** `x` where positive, `slope * x` elsewhere. @example leakyRelu(x, 0.2) */
export function leakyRelu(x: Tensor, slope = 0.01): Tensor { return unaryOp('leakyRelu', x, slope); }
/** `x` where positive, `alpha * (e^x - 1)` elsewhere. */
export function elu(x: Tensor, alpha = 1): Tensor { return unaryOp('elu', x, alpha); }
/** `x * sigmoid(x)` (also called swish). */
export function silu(x: Tensor): Tensor { return unaryOp('silu', x); }
/** `log(1 + e^x)`, linear above 20 as torch.nn.functional.softplus. */
export function softplus(x: Tensor): Tensor { return unaryOp('softplus', x); }
/** Rounds down. */
export function floor(x: Tensor): Tensor { return unaryOp('floor', x); }
/** Rounds up. */
export function ceil(x: Tensor): Tensor { return unaryOp('ceil', x); }
/** Rounds to the nearest integer, halves to even (as torch.round). */
export function round(x: Tensor): Tensor { return unaryOp('round', x); }
/** The error function. */
export function erf(x: Tensor): Tensor { return unaryOp('erf', x); }

/** Options of gelu. */
export interface GeluOptions {
  /** `'none'` (exact, with erf) or `'tanh'` (the tanh approximation). */
  approximate?: 'none' | 'tanh';
}

/**
 * Gaussian error linear unit, `x * Φ(x)`.
 * @example gelu(x); gelu(x, { approximate: 'tanh' });
 */
export function gelu(x: Tensor, options: GeluOptions = {}): Tensor {
  const approximate = options.approximate ?? 'none';
  check(approximate === 'none' || approximate === 'tanh', 'gelu', () => `approximate must be 'none' or 'tanh', got '${String(approximate)}'`);
  return unaryOp(approximate === 'tanh' ? 'geluTanh' : 'gelu', x);
}
