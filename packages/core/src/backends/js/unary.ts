// Element-wise functions of one tensor on the js backend. Values are computed in float64 and
// rounded once on store; int32 inputs only reach the integer-preserving ops.
import { allocArray } from '../../dtype.js';
import type { Kernel, UnaryOp } from '../../kernels.js';
import type { JsHandle } from './index.js';
import { erf, roundHalfEven, sigmoid, sign } from './scalar-math.js';

const SQRT_HALF = Math.SQRT1_2;
const SQRT_TWO_OVER_PI = Math.sqrt(2 / Math.PI);
/** softplus returns x itself above this (PyTorch's default threshold with beta 1). */
const SOFTPLUS_THRESHOLD = 20;

const FUNCTIONS: Record<UnaryOp, (x: number, alpha: number) => number> = {
  neg: (x) => -x,
  abs: Math.abs,
  sign,
  exp: Math.exp,
  log: Math.log,
  log1p: Math.log1p,
  sqrt: Math.sqrt,
  rsqrt: (x) => 1 / Math.sqrt(x),
  square: (x) => x * x,
  reciprocal: (x) => 1 / x,
  sin: Math.sin,
  cos: Math.cos,
  tanh: Math.tanh,
  sigmoid,
  // `x < 0` keeps NaN (and −0) as they are, as torch.relu does.
  relu: (x) => (x < 0 ? 0 : x),
  leakyRelu: (x, alpha) => (x >= 0 ? x : alpha * x),
  elu: (x, alpha) => (x > 0 ? x : alpha * Math.expm1(x)),
  silu: (x) => x * sigmoid(x),
  softplus: (x) => (x > SOFTPLUS_THRESHOLD ? x : Math.log1p(Math.exp(x))),
  floor: Math.floor,
  ceil: Math.ceil,
  round: roundHalfEven,
  erf,
  gelu: (x) => 0.5 * x * (1 + erf(x * SQRT_HALF)),
  geluTanh: (x) => 0.5 * x * (1 + Math.tanh(SQRT_TWO_OVER_PI * (x + 0.044715 * x * x * x))),
};

/** `out = f(x)` element-wise; int32 `square` multiplies with 32-bit wraparound. */
export const unary: Kernel<'unary', JsHandle> = ([x], { op, alpha }, out) => {
  const values = x.handle;
  const result = allocArray(out.dtype, values.length);
  const f = op === 'square' && out.dtype === 'int32' ? (v: number) => Math.imul(v, v) : FUNCTIONS[op];
  // Every other op on int32 is exact in float64 and wraps on store (neg/abs of −2³¹ stay −2³¹).
  for (let i = 0; i < values.length; i++) result[i] = f(values[i], alpha);
  return result;
};
