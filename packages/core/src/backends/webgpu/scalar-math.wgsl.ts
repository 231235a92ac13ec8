// Scalar functions in WGSL whose exact behaviour is part of Tessera's numerics, mirroring
// the js backend's scalar-math.ts: NaN-propagating max/min, C's pow, float → int32 with
// x86's overflow value, and erf/tanh/log1p/expm1 accurate in float32.
// NOTE: WGSL lets compilers assume that NaN and infinity do not occur, and constant
// expressions that produce them are errors. NaN is therefore tested on the bits, and the
// special values come from private variables (not constants) so nothing folds them away.
// NOTE: SwiftShader's exp(NaN) is +Infinity, its log is wrong for 0, negatives, infinities
// and subnormals, and its `!=` is false when an operand is NaN: exp_f, log_f and log2_f
// handle those inputs themselves, and `ne` is written `!(a == b)`.

/** WGSL helpers for every elementwise kernel. */
export const SCALAR_MATH = /* wgsl */ `
var<private> INF_BITS: u32 = 0x7f800000u;
var<private> NAN_BITS: u32 = 0x7fc00000u;
fn f_inf() -> f32 { return bitcast<f32>(INF_BITS); }
fn f_nan() -> f32 { return bitcast<f32>(NAN_BITS); }
fn is_nan(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u; }
fn is_inf(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) == 0x7f800000u; }
fn sign_bit(x: f32) -> bool { return (bitcast<u32>(x) & 0x80000000u) != 0u; }
const I32_MIN: i32 = -2147483647 - 1;
const I32_MAX: i32 = 2147483647;

// torch.maximum / torch.minimum: NaN wins.
fn max_nan(a: f32, b: f32) -> f32 { return select(select(b, a, a > b), a, is_nan(a)); }
fn min_nan(a: f32, b: f32) -> f32 { return select(select(b, a, a < b), a, is_nan(a)); }

// e^x with Cody–Waite range reduction (x = k·ln2 + r, |r| ≤ ln2/2, ln2 split in two so
// k·ln2_hi is exact) and a degree-7 Taylor polynomial: within an ulp, where the built-in
// exp of GPUs and SwiftShader is often off by more.
fn exp_f(x: f32) -> f32 {
  if (is_nan(x)) { return x; }
  if (x > 88.72284) { return f_inf(); }
  if (x < -103.97208) { return 0.0; }
  let k = round(x * 1.4426950408889634);
  let r = (x - k * 0.693145751953125) - k * 1.4286067653302372e-6;
  let p = 1.0 + r * (1.0 + r * (0.5 + r * (0.16666667 + r * (0.041666668 + r * (0.008333334 + r * (0.0013888889 + r * 0.0001984127))))));
  // Two steps keep 2^k a normal number when the result is subnormal.
  let half = i32(k) / 2;
  return ldexp(ldexp(p, half), i32(k) - half);
}

// Smallest normal float32; subnormal inputs are scaled by 2^24 before the logarithm.
const MIN_NORMAL: f32 = 1.17549435e-38;
fn log2_f(x: f32) -> f32 {
  if (is_nan(x) || x < 0.0) { return f_nan(); }
  if (x == 0.0) { return -f_inf(); }
  if (is_inf(x)) { return x; }
  if (x < MIN_NORMAL) { return log2(x * 16777216.0) - 24.0; }
  return log2(x);
}
fn log_f(x: f32) -> f32 {
  if (is_nan(x) || x < 0.0) { return f_nan(); }
  if (x == 0.0) { return -f_inf(); }
  if (is_inf(x)) { return x; }
  if (x < MIN_NORMAL) { return log(x * 16777216.0) - 16.635532333438687; }
  return log(x);
}

fn sign_f(x: f32) -> f32 { return select(select(0.0, -1.0, x < 0.0), 1.0, x > 0.0); }
fn sign_i(x: i32) -> i32 { return select(select(0, -1, x < 0), 1, x > 0); }

// Truncation toward zero; NaN, infinities and values outside int32 give -2^31.
fn to_i32(x: f32) -> i32 {
  if (!is_nan(x) && x >= -2147483648.0 && x < 2147483648.0) { return i32(x); }
  return I32_MIN;
}

fn sigmoid_f(x: f32) -> f32 {
  if (is_nan(x)) { return x; }
  if (x >= 0.0) { return 1.0 / (1.0 + exp(-x)); }
  let e = exp(x);
  return e / (1.0 + e);
}

// exp(x) - 1 without cancellation near 0.
fn expm1_f(x: f32) -> f32 {
  if (abs(x) < 0.01) { return x * (1.0 + x * (0.5 + x * (0.16666667 + x * 0.041666668))); }
  return exp_f(x) - 1.0;
}

// log(1 + x), exact to rounding for small x: the error of forming 1 + x cancels in u - 1.
fn log1p_f(x: f32) -> f32 {
  let u = 1.0 + x;
  if (is_nan(x) || u == 1.0) { return x; }
  if (u <= 0.0 || is_inf(u)) { return log_f(u); }
  return log_f(u) * (x / (u - 1.0));
}

// The built-in tanh may overflow for large |x|; beyond 9 tanh is ±1 in float32.
fn tanh_f(x: f32) -> f32 {
  let a = abs(x);
  if (is_nan(x)) { return x; }
  if (a > 9.0) { return sign_f(x); }
  if (a < 0.0004) { return x; }
  let e = exp_f(-2.0 * a);
  let r = (1.0 - e) / (1.0 + e);
  return select(r, -r, x < 0.0);
}

// erf: Taylor series below 0.5 (relative accuracy near 0), Abramowitz & Stegun 7.1.26
// (absolute error below 1.5e-7) above.
fn erf_f(x: f32) -> f32 {
  let a = abs(x);
  if (is_nan(x)) { return x; }
  if (a < 0.5) {
    let x2 = x * x;
    return x * (1.1283791671 + x2 * (-0.37612638903 + x2 * (0.11283791671 + x2 * (-0.026866170645 + x2 * (0.0052239776254 + x2 * -0.00085483270805)))));
  }
  if (a >= 4.0) { return sign_f(x); }
  let t = 1.0 / (1.0 + 0.3275911 * a);
  let poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  let r = 1.0 - poly * exp(-a * a);
  return select(r, -r, x < 0.0);
}

// C's pow, as PyTorch: 1^y = 1 and x^0 = 1 even for NaN, (-1)^±inf = 1, negative bases with
// integer exponents keep their sign, and small integer exponents multiply exactly.
fn pow_f(x: f32, y: f32) -> f32 {
  if (y == 0.0 || x == 1.0) { return 1.0; }
  if (is_nan(x) || is_nan(y)) { return f_nan(); }
  let ax = abs(x);
  if (is_inf(y)) {
    if (ax == 1.0) { return 1.0; }
    return select(0.0, f_inf(), (ax > 1.0) == (y > 0.0));
  }
  let y_int = floor(y) == y;
  let y_odd = y_int && floor(y * 0.5) != y * 0.5;
  var r: f32;
  if (ax == 0.0 || is_inf(x)) {
    r = select(f_inf(), 0.0, (ax == 0.0) == (y > 0.0));
  } else if (y_int && abs(y) <= 64.0) {
    var k = u32(abs(y));
    var s = ax;
    r = 1.0;
    loop {
      if ((k & 1u) == 1u) { r = r * s; }
      k = k >> 1u;
      if (k == 0u) { break; }
      s = s * s;
    }
    if (y < 0.0) { r = 1.0 / r; }
  } else {
    r = exp2(y * log2_f(ax));
  }
  if (sign_bit(x)) {
    if (y_odd) { return -r; }
    if (!y_int && ax != 0.0 && !is_inf(x)) { return f_nan(); }
  }
  return r;
}

// Integer power with wraparound; negative exponents give 0 except for bases 1 and -1.
fn pow_i(b: i32, e: i32) -> i32 {
  if (e < 0) {
    if (b == 1) { return 1; }
    if (b == -1) { return select(-1, 1, (e & 1) == 0); }
    return 0;
  }
  var r = 1;
  var s = b;
  var k = e;
  loop {
    if (k == 0) { break; }
    if ((k & 1) == 1) { r = r * s; }
    s = s * s;
    k = k >> 1u;
  }
  return r;
}

// floor(a / b) for b > 0 (integer mean of scatterReduce).
fn floor_div_i(a: i32, b: i32) -> i32 {
  let q = a / b;
  return select(q, q - 1, (a % b != 0) && (a < 0));
}
`;
