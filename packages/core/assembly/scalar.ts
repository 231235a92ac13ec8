// Scalar maths the kernels share. It mirrors src/backends/js/scalar-math.ts branch for
// branch (same thresholds, same series), so both backends agree on PyTorch's edge cases.

const TWO_OVER_SQRT_PI: f64 = 1.1283791670955126; // 2 / √π
const ONE_OVER_SQRT_PI: f64 = 0.5641895835477563; // 1 / √π
const ERF_SERIES_LIMIT: f64 = 2.5;
const ERFC_FRACTION_DEPTH = 40;

/**
 * The error function in f64: the all-positive series `2/√π · e^(−x²) · Σ 2ⁿ x^(2n+1) / (2n+1)!!`
 * below 2.5, `1 − erfc` by Laplace's continued fraction (depth 40) up to 6, ±1 beyond.
 */
export function erf64(x: f64): f64 {
  const a = Math.abs(x);
  if (a < ERF_SERIES_LIMIT) {
    const twoX2 = 2 * x * x;
    let term = x;
    let sum = x;
    for (let n = 1; Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
      term *= twoX2 / <f64>(2 * n + 1);
      sum += term;
    }
    return TWO_OVER_SQRT_PI * Math.exp(-x * x) * sum;
  }
  let result: f64 = 1;
  if (!(a >= 6)) {
    let fraction = a;
    for (let k = ERFC_FRACTION_DEPTH; k > 0; k--) fraction = a + <f64>k / 2 / fraction;
    result = 1 - (ONE_OVER_SQRT_PI * Math.exp(-a * a)) / fraction;
  }
  return x < 0 ? -result : result;
}

/** `1 / (1 + e^−x)`, taking e^x only where x < 0 so nothing overflows. */
export function sigmoid64(x: f64): f64 {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** C's pow, which PyTorch follows: `1^y = 1` for every y and `(−1)^±∞ = 1`. */
export function powF32(base: f32, exponent: f32): f32 {
  if (base == 1 || (base == -1 && Math.abs(exponent) == Infinity)) return 1;
  return <f32>Math.pow(<f64>base, <f64>exponent);
}

/** `base ** exponent` on int32 with wraparound; negative exponents give 0 except for bases ±1. */
export function powI32(base: i32, exponent: i32): i32 {
  if (exponent < 0) return base == 1 ? 1 : base == -1 ? ((exponent & 1) != 0 ? -1 : 1) : 0;
  let result = 1;
  let square = base;
  for (let e = exponent; e > 0; e >>>= 1) {
    if ((e & 1) != 0) result *= square;
    square *= square;
  }
  return result;
}

/** Float → int32 as PyTorch on x86: truncation, and −2³¹ for NaN, ±∞ and out-of-range values. */
@inline export function floatToInt32(x: f32): i32 {
  const v = <f64>x;
  return v > -2147483649.0 && v < 2147483648.0 ? <i32>v : i32.MIN_VALUE;
}

/** `⌊a / b⌋` for int32 `a` and a positive count `b` (scatter_reduce's integer mean). */
@inline export function floorDivideInt(a: i32, b: i32): i32 {
  const q = a / b;
  return (a % b != 0 && a < 0) ? q - 1 : q;
}

/** The larger of two values with NaN winning (torch.maximum, max reductions). */
@inline export function maxNaN(a: f32, b: f32): f32 {
  return a > b || a != a ? a : b;
}

/** The smaller of two values with NaN winning. */
@inline export function minNaN(a: f32, b: f32): f32 {
  return a < b || a != a ? a : b;
}
