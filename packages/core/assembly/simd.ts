// Vector helpers every kernel shares: the multiply-add that becomes a fused instruction in
// the relaxed-SIMD build, horizontal sums, and a four-lane exp accurate to about 2 ulp (with
// tanh, sigmoid, erf and GELU built on it).

/** `a * b + c` on four lanes; fused (relaxed_madd) in the relaxed-SIMD build. */
@inline export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

/** The sum of a vector's four lanes. */
@inline export function hsum(v: v128): f32 {
  const s = f32x4.add(v, v128.shuffle<f32>(v, v, 2, 3, 0, 1));
  return f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 1);
}

// NOTE: V8 rebuilds every v128 constant inside a loop with three instructions and never
// hoists it; a constant read from memory (one broadcast load) is much cheaper, so the
// polynomial coefficients below live in a static table.
const K = memory.data<f32>([
  89.0, -87.0, 12582912.0, 1.44269504088896341, // 0: exp clamp range, shifter, log2(e)
  0.693359375, -2.12194440e-4, 1.0, 0.0, // 16: ln2 (two parts), 1
  1.9875691500e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, // 32: exp polynomial
  1.6666665459e-1, 5.0000001201e-1, 2.0, 0.625, // 48: exp polynomial, 2, tanh switch
  -5.70498872745e-3, 2.06390887954e-2, -5.37397155531e-2, 1.33314422036e-1, // 64: tanh polynomial
  -3.33332819422e-1, 0.3275911, 1.061405429, -1.453152027, // 80: tanh polynomial; 84: erfc's p, a5, a4
  1.421413741, -0.284496736, 0.254829592, 0.5, // 96: erfc's a3, a2, a1; 0.5 (erf's series limit)
  1.20553329818e-4, -8.54832702345e-4, 5.22397762544e-3, -2.68661706451e-2, // 112: erf series
  1.12837916710e-1, -3.76126389032e-1, 1.12837916710, 0.70710678118654752, // 128: erf series, √½
]);
/** The float exponent bias less one (2^n is built as 2 · 2^(n−1), see expV). */
const BIAS_LESS_ONE = memory.data<i32>([126]);

@inline function k(offset: usize): v128 {
  return v128.load32_splat(K + offset);
}

// NOTE: exp(x) = 2^n · e^r with n = round(x / ln2) and |r| <= ln2 / 2; ln2 is split in two
// parts so that x − n·ln2 stays exact. n is rounded by adding 1.5·2^23, which leaves it in
// the low mantissa bits (cheaper under V8 than f32x4.nearest plus a saturating truncation).
// The result is built as (2·e^r) · 2^(n−1), so that n = 128 still has a finite scale and the
// product overflows to inf exactly where e^x does. Inputs are clamped to [−87, 89] with
// pmin/pmax (single instructions, unlike f32x4.min/max, and NaN passes through them): at
// −87, n − 1 = −127 makes the scale 0, so results below about 2^−125 flush to zero.
/** e^x on four lanes, within 2 ulp above 2^−125; NaN stays NaN, −inf gives 0, +inf gives inf. */
@inline export function expV(x: v128): v128 {
  const shifter = k(8);
  const clamped = f32x4.pmax(f32x4.pmin(x, k(0)), k(4));
  const j = f32x4.add(f32x4.mul(clamped, k(12)), shifter);
  const n = f32x4.sub(j, shifter);
  let r = f32x4.sub(clamped, f32x4.mul(n, k(16)));
  r = f32x4.sub(r, f32x4.mul(n, k(20)));
  let p = madd(k(32), r, k(36));
  p = madd(p, r, k(40));
  p = madd(p, r, k(44));
  p = madd(p, r, k(48));
  p = madd(p, r, k(52));
  p = madd(f32x4.mul(p, r), r, f32x4.add(r, k(24)));
  const scale = i32x4.shl(i32x4.add(i32x4.sub(j, shifter), v128.load32_splat(BIAS_LESS_ONE)), 23);
  return f32x4.mul(f32x4.add(p, p), scale);
}

// NOTE: tanh near 0 by its odd polynomial (1 − 2/(e^2x + 1) would cancel there), elsewhere
// by the exponential; |x| >= 9 is ±1 to float precision and the exp saturates harmlessly.
/** tanh on four lanes, within a few ulp. */
@inline export function tanhV(x: v128): v128 {
  const ax = f32x4.abs(x);
  const z = f32x4.mul(x, x);
  let p = madd(k(64), z, k(68));
  p = madd(p, z, k(72));
  p = madd(p, z, k(76));
  p = madd(p, z, k(80));
  const small = madd(f32x4.mul(p, z), x, x);
  const one = k(24);
  const e = expV(f32x4.add(ax, ax));
  const large = f32x4.sub(one, f32x4.div(k(56), f32x4.add(e, one)));
  // Copy x's sign onto the large-|x| result (large is never negative).
  const signed = v128.or(large, v128.andnot(x, ax));
  return v128.bitselect(small, signed, f32x4.lt(ax, k(60)));
}

// NOTE: erfc(z) for z >= 0 by Abramowitz & Stegun 7.1.26: t = 1/(1 + p·z),
// erfc(z) ≈ t·(a1 + t·(a2 + t·(a3 + t·(a4 + t·a5))))·e^(−z²), absolute error under 1.5e-7
// (about 2 ulp of erf near 1). z = inf gives 0; NaN stays NaN.
/** erfc on four non-negative lanes. */
@inline export function erfcNonNegV(z: v128): v128 {
  const t = f32x4.div(k(24), madd(k(84), z, k(24)));
  let p = madd(k(88), t, k(92));
  p = madd(p, t, k(96));
  p = madd(p, t, k(100));
  p = madd(p, t, k(104));
  return f32x4.mul(f32x4.mul(p, t), expV(f32x4.neg(f32x4.mul(z, z))));
}

// NOTE: below |x| = 0.5, 1 − erfc(|x|) would lose erf's leading digits to cancellation, so
// erf there is its Maclaurin series x·Σ cₙx²ⁿ to x¹³ (next term under 1e-8 relative).
/** erf on four lanes, within about 2e-7 absolute and a few ulp relative near 0. */
@inline export function erfV(x: v128): v128 {
  const ax = f32x4.abs(x);
  const x2 = f32x4.mul(x, x);
  let s = madd(k(112), x2, k(116));
  s = madd(s, x2, k(120));
  s = madd(s, x2, k(124));
  s = madd(s, x2, k(128));
  s = madd(s, x2, k(132));
  s = madd(s, x2, k(136));
  const small = f32x4.mul(s, x);
  const large = f32x4.sub(k(24), erfcNonNegV(ax));
  // Copy x's sign onto the large-|x| result (large is never negative).
  const signed = v128.or(large, v128.andnot(x, ax));
  return v128.bitselect(small, signed, f32x4.lt(ax, k(108)));
}

/** x·Φ(x) (exact GELU) on four lanes: Φ(x) = ½·erfc(−x/√2), from erfc(|x|/√2) by symmetry. */
@inline export function geluV(x: v128): v128 {
  const half = f32x4.mul(erfcNonNegV(f32x4.mul(f32x4.abs(x), k(140))), k(108));
  const cdf = v128.bitselect(f32x4.sub(k(24), half), half, f32x4.ge(x, f32x4.splat(0)));
  return f32x4.mul(x, cdf);
}

// e^−|x| never overflows; 1 / (1 + e) for x >= 0 and e / (1 + e) below, as the js backend.
/** The logistic sigmoid on four lanes. */
@inline export function sigmoidV(x: v128): v128 {
  const e = expV(f32x4.neg(f32x4.abs(x)));
  const r = f32x4.div(f32x4.splat(1), f32x4.add(f32x4.splat(1), e));
  return v128.bitselect(r, f32x4.mul(e, r), f32x4.ge(x, f32x4.splat(0)));
}

// Element-wise kernels run a row's tail (its last length % 4 elements) through the same
// vector code one element at a time: lane 0 carries the element, so there is no scalar twin.
/** Four floats at `p`, or (when not `full`) the float at `p` in every lane. */
@inline export function loadLanes(p: usize, full: bool): v128 {
  return full ? v128.load(p) : v128.load32_splat(p);
}

/** Stores four lanes at `p`, or (when not `full`) lane 0 alone. */
@inline export function storeLanes(p: usize, v: v128, full: bool): void {
  if (full) v128.store(p, v);
  else v128.store32_lane(p, v, 0);
}

/** The first of `rows` rows that thread `thread` of `threads` processes (contiguous blocks). */
@inline export function firstRow(rows: i32, thread: i32, threads: i32): i32 {
  return <i32>(<i64>rows * thread / threads);
}
