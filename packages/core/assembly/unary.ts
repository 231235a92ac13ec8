// Element-wise functions of one contiguous operand. Cheap functions run four lanes at a
// time; transcendental ones go through f64 Math (as the js backend's scalar maths does) and
// round once to float32, except exp, tanh, the sigmoid family, erf and GELU, which use vector
// forms (f64 only for a tail of fewer than four elements).
import { erfV, expV, geluV, sigmoidV, tanhV } from './simd';
import { erf64, sigmoid64 } from './scalar';

// Op codes, in the order of the host's UNARY_OPS list.
const NEG = 0, ABS = 1, SIGN = 2, EXP = 3, LOG = 4, LOG1P = 5, SQRT = 6, RSQRT = 7, SQUARE = 8;
const RECIPROCAL = 9, SIN = 10, COS = 11, TANH = 12, SIGMOID = 13, RELU = 14, LEAKY_RELU = 15;
const ELU = 16, SILU = 17, SOFTPLUS = 18, FLOOR = 19, CEIL = 20, ROUND = 21, ERF = 22, GELU = 23;

const SQRT_HALF = 0.7071067811865476;
const SQRT_2_OVER_PI = 0.7978845608028654;

/** The float32 result of op `code` on one value, computed in f64. */
function scalarF(code: i32, x: f32, alpha: f32): f32 {
  const v = <f64>x;
  switch (code) {
    case NEG: return -x;
    case ABS: return abs<f32>(x);
    case SIGN: return x > 0 ? 1 : x < 0 ? -1 : 0;
    case EXP: return <f32>Math.exp(v);
    case LOG: return <f32>Math.log(v);
    case LOG1P: return <f32>Math.log1p(v);
    case SQRT: return <f32>Math.sqrt(v);
    case RSQRT: return <f32>(1 / Math.sqrt(v));
    case SQUARE: return x * x;
    case RECIPROCAL: return <f32>(1 / v);
    case SIN: return <f32>Math.sin(v);
    case COS: return <f32>Math.cos(v);
    case TANH: return <f32>Math.tanh(v);
    case SIGMOID: return <f32>sigmoid64(v);
    case RELU: return x < 0 ? 0 : x; // keeps NaN and −0, as torch.relu
    case LEAKY_RELU: return x >= 0 ? x : alpha * x;
    case ELU: return x > 0 ? x : <f32>(<f64>alpha * Math.expm1(v));
    case SILU: return <f32>(v * sigmoid64(v));
    case SOFTPLUS: return x > 20 ? x : <f32>Math.log1p(Math.exp(v));
    case FLOOR: return floor<f32>(x);
    case CEIL: return ceil<f32>(x);
    case ROUND: return nearest<f32>(x);
    case ERF: return <f32>erf64(v);
    case GELU: return <f32>(0.5 * v * (1 + erf64(v * SQRT_HALF)));
    default: return <f32>(0.5 * v * (1 + Math.tanh(SQRT_2_OVER_PI * (v + 0.044715 * v * v * v))));
  }
}

class Neg { @inline v(x: v128, a: v128): v128 { return f32x4.neg(x); } }
class Abs { @inline v(x: v128, a: v128): v128 { return f32x4.abs(x); } }
class Exp { @inline v(x: v128, a: v128): v128 { return expV(x); } }
class Tanh { @inline v(x: v128, a: v128): v128 { return tanhV(x); } }
class Sqrt { @inline v(x: v128, a: v128): v128 { return f32x4.sqrt(x); } }
class Square { @inline v(x: v128, a: v128): v128 { return f32x4.mul(x, x); } }
class Sigmoid { @inline v(x: v128, a: v128): v128 { return sigmoidV(x); } }
class Relu { @inline v(x: v128, a: v128): v128 { return v128.andnot(x, f32x4.lt(x, f32x4.splat(0))); } }
class LeakyRelu { @inline v(x: v128, a: v128): v128 { return v128.bitselect(x, f32x4.mul(x, a), f32x4.ge(x, f32x4.splat(0))); } }
class Erf { @inline v(x: v128, a: v128): v128 { return erfV(x); } }
class Gelu { @inline v(x: v128, a: v128): v128 { return geluV(x); } }
class Silu { @inline v(x: v128, a: v128): v128 { return f32x4.mul(x, sigmoidV(x)); } }
class Floor { @inline v(x: v128, a: v128): v128 { return f32x4.floor(x); } }
class Ceil { @inline v(x: v128, a: v128): v128 { return f32x4.ceil(x); } }
class Round { @inline v(x: v128, a: v128): v128 { return f32x4.nearest(x); } }

/** Runs the vector form of an op over the multiple-of-4 prefix; returns where it stopped. */
function vectorLoop<O>(x: usize, out: usize, n: i32, alpha: f32): i32 {
  const op = changetype<O>(0);
  const va = f32x4.splat(alpha);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const k = <usize>i << 2;
    v128.store(out + k, op.v(v128.load(x + k), va));
  }
  return i;
}

/** The vector prefix for ops that have a vector form; 0 (nothing done) for the others. */
function unaryVector(code: i32, x: usize, out: usize, n: i32, alpha: f32): i32 {
  switch (code) {
    case NEG: return vectorLoop<Neg>(x, out, n, alpha);
    case ABS: return vectorLoop<Abs>(x, out, n, alpha);
    case EXP: return vectorLoop<Exp>(x, out, n, alpha);
    case TANH: return vectorLoop<Tanh>(x, out, n, alpha);
    case SQRT: return vectorLoop<Sqrt>(x, out, n, alpha);
    case SQUARE: return vectorLoop<Square>(x, out, n, alpha);
    case SIGMOID: return vectorLoop<Sigmoid>(x, out, n, alpha);
    case RELU: return vectorLoop<Relu>(x, out, n, alpha);
    case LEAKY_RELU: return vectorLoop<LeakyRelu>(x, out, n, alpha);
    case SILU: return vectorLoop<Silu>(x, out, n, alpha);
    case ERF: return vectorLoop<Erf>(x, out, n, alpha);
    case GELU: return vectorLoop<Gelu>(x, out, n, alpha);
    case FLOOR: return vectorLoop<Floor>(x, out, n, alpha);
    case CEIL: return vectorLoop<Ceil>(x, out, n, alpha);
    case ROUND: return vectorLoop<Round>(x, out, n, alpha);
    default: return 0;
  }
}

function scalarI(code: i32, x: i32): i32 {
  switch (code) {
    case NEG: return -x;
    case ABS: return x < 0 ? -x : x;
    case SIGN: return x > 0 ? 1 : x < 0 ? -1 : 0;
    case SQUARE: return x * x;
    case RELU: return x > 0 ? x : 0;
    default: return x; // floor, ceil and round of an integer
  }
}

/** `out = f(x)` over `n` contiguous elements; `dtype` 0 is float32, 1 int32. */
export function unary(code: i32, dtype: i32, x: usize, out: usize, n: i32, alpha: f32): void {
  if (dtype == 1) {
    for (let i = 0; i < n; i++) store<i32>(out + (<usize>i << 2), scalarI(code, load<i32>(x + (<usize>i << 2))));
    return;
  }
  let i = unaryVector(code, x, out, n, alpha);
  for (; i < n; i++) store<f32>(out + (<usize>i << 2), scalarF(code, load<f32>(x + (<usize>i << 2)), alpha));
}
