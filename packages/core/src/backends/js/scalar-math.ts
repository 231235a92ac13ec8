// Scalar functions whose exact behaviour is part of Tessera's numerics: PyTorch's edge cases
// (round half to even, NaN in sign/max/pow, float → int32 overflow) and an erf that does not
// exist in JavaScript's Math. NOTE: the WebAssembly backend must mirror every function here
// bit for bit in intent (same branches, same thresholds), so that both backends agree on the
// edge cases the parity suite checks.

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
const ONE_OVER_SQRT_PI = 1 / Math.sqrt(Math.PI);
/** Below this |x| erf uses its power series, at or above it the continued fraction of erfc. */
const ERF_SERIES_LIMIT = 2.5;
/** Depth of erfc's continued fraction; 30 already converges to rounding error at x = 2.5. */
const ERFC_FRACTION_DEPTH = 40;
const INT32_MIN = -2147483648;
const INT32_LIMIT = 2147483648;

/**
 * The error function in float64, accurate to about 2e-15 absolute everywhere.
 *
 * For |x| < 2.5 it sums `erf(x) = 2/√π · e^(−x²) · Σₙ 2ⁿ x^(2n+1) / (1·3·…·(2n+1))`, whose
 * terms are all of one sign (no cancellation; at most ~45 terms). For 2.5 ≤ |x| < 6 it takes
 * `1 − erfc(|x|)` with Laplace's continued fraction
 * `erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + (2/2)/(x + (3/2)/(x + …))))` evaluated bottom-up at a
 * fixed depth. Beyond 6, erfc < 3e-17, so the result is ±1. NaN gives NaN.
 */
export function erf(x: number): number {
  const a = Math.abs(x);
  if (a < ERF_SERIES_LIMIT) {
    const twoX2 = 2 * x * x;
    let term = x;
    let sum = x;
    for (let n = 1; Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
      term *= twoX2 / (2 * n + 1);
      sum += term;
    }
    return TWO_OVER_SQRT_PI * Math.exp(-x * x) * sum;
  }
  let result = 1;
  if (!(a >= 6)) {
    let fraction = a;
    for (let k = ERFC_FRACTION_DEPTH; k > 0; k--) fraction = a + k / 2 / fraction;
    result = 1 - (ONE_OVER_SQRT_PI * Math.exp(-a * a)) / fraction;
  }
  return x < 0 ? -result : result;
}

/** Rounds to the nearest integer, ties to the even one (torch.round): 0.5 → 0, 1.5 → 2, −2.5 → −2. */
export function roundHalfEven(x: number): number {
  // Math.round breaks ties upwards; a tie that landed on an odd integer moves down one.
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** `1 / (1 + e^−x)` without overflow: e^x is only taken for x < 0, where it is below 1. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** PyTorch's sign: −1, 0 or 1, and 0 for NaN (torch 1.13 returns 0 there, not NaN). */
export function sign(x: number): number {
  return x > 0 ? 1 : x < 0 ? -1 : 0;
}

/** The larger of two numbers; NaN wins (torch.maximum, max reductions). */
export function maxPropagateNaN(a: number, b: number): number {
  return a > b || a !== a ? a : b;
}

/** The smaller of two numbers; NaN wins (torch.minimum, min reductions). */
export function minPropagateNaN(a: number, b: number): number {
  return a < b || a !== a ? a : b;
}

/**
 * Float → int32 as PyTorch does on x86: truncation toward zero, and the "integer indefinite"
 * value −2³¹ for NaN, ±Infinity and anything outside the int32 range.
 */
export function floatToInt32(x: number): number {
  return x > -INT32_LIMIT - 1 && x < INT32_LIMIT ? Math.trunc(x) : INT32_MIN;
}

/**
 * C's `pow` (which PyTorch follows) where it differs from `Math.pow`: `1^y = 1` for every y,
 * NaN included, and `(−1)^±∞ = 1`. Everything else (x^0 = 1 for NaN x, a negative base
 * with a non-integer exponent giving NaN, 0^−1 = ∞) already agrees.
 */
export function powFloat(base: number, exponent: number): number {
  if (base === 1 || (base === -1 && (exponent === Infinity || exponent === -Infinity))) return 1;
  return Math.pow(base, exponent);
}

/**
 * Integer power with int32 wraparound, as torch.pow on int32 tensors: repeated squaring with
 * exact 32-bit products. A negative exponent gives 0 except for bases 1 and −1 (and 0^−n = 0,
 * as torch computes it).
 */
export function powInt32(base: number, exponent: number): number {
  if (exponent < 0) {
    if (base === 1) return 1;
    if (base === -1) return exponent % 2 === 0 ? 1 : -1;
    return 0;
  }
  let result = 1;
  let square = base | 0;
  for (let e = exponent; e > 0; e = Math.floor(e / 2)) {
    if (e % 2 === 1) result = Math.imul(result, square);
    square = Math.imul(square, square);
  }
  return result;
}

/** `⌊a / b⌋` for int32 `a` and positive integer `b`, exact (torch's integer mean in scatter_reduce). */
export function floorDivideInt(a: number, b: number): number {
  let q = Math.floor(a / b);
  // The float quotient can round across an integer when b is large; step back onto ⌊a/b⌋.
  if (q * b > a) q -= 1;
  else if ((q + 1) * b <= a) q += 1;
  return q;
}
