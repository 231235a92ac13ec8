// Sum, product, max and min over any set of axes. The host merges adjacent axes and hands
// over rows: when the innermost axis is reduced, each row folds into one output element
// (four vector accumulators); when it is kept, each row folds element-wise into an output
// row. Outputs start at the op's identity, so reducing nothing gives it (any/all on bool).
// Float sums and products accumulate in f64 (in a host-provided buffer), as the js
// backend's do, and round once at the end.
import { nextRow, offsetOf } from './rows';
import { maxNaN, minNaN } from './scalar';

const SUM = 0, PROD = 1, MAX = 2;

class MaxF { @inline s(a: f32, b: f32): f32 { return maxNaN(a, b); } @inline v(a: v128, b: v128): v128 { return f32x4.max(a, b); } }
class MinF { @inline s(a: f32, b: f32): f32 { return minNaN(a, b); } @inline v(a: v128, b: v128): v128 { return f32x4.min(a, b); } }
class SumI { @inline s(a: i32, b: i32): i32 { return a + b; } @inline v(a: v128, b: v128): v128 { return i32x4.add(a, b); } }
class ProdI { @inline s(a: i32, b: i32): i32 { return a * b; } @inline v(a: v128, b: v128): v128 { return i32x4.mul(a, b); } }
class MaxI { @inline s(a: i32, b: i32): i32 { return max<i32>(a, b); } @inline v(a: v128, b: v128): v128 { return i32x4.max_s(a, b); } }
class MinI { @inline s(a: i32, b: i32): i32 { return min<i32>(a, b); } @inline v(a: v128, b: v128): v128 { return i32x4.min_s(a, b); } }
class MaxB { @inline s(a: u8, b: u8): u8 { return max<u8>(a, b); } @inline v(a: v128, b: v128): v128 { return i8x16.max_u(a, b); } }
class MinB { @inline s(a: u8, b: u8): u8 { return min<u8>(a, b); } @inline v(a: v128, b: v128): v128 { return i8x16.min_u(a, b); } }

/** Folds a vector's lanes into one value (in a tree, so sums stay balanced). */
@inline function horizontal<T, O>(v: v128): T {
  const op = changetype<O>(0);
  v = op.v(v, i8x16.shuffle(v, v, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7));
  v = op.v(v, i8x16.shuffle(v, v, 4, 5, 6, 7, 0, 1, 2, 3, 12, 13, 14, 15, 8, 9, 10, 11));
  if (sizeof<T>() == 1) {
    v = op.v(v, i8x16.shuffle(v, v, 2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13));
    v = op.v(v, i8x16.shuffle(v, v, 1, 0, 3, 2, 5, 4, 7, 6, 9, 8, 11, 10, 13, 12, 15, 14));
  }
  return v128.extract_lane<T>(v, 0);
}

/** Folds `n` contiguous values into `acc` with four independent vector accumulators. */
function foldContiguous<T, O>(x: usize, n: i32, acc: T): T {
  const op = changetype<O>(0);
  const w = sizeof<T>();
  const lanes = 16 / <i32>w;
  let i = 0;
  if (n >= 4 * lanes) {
    let a0 = v128.load(x), a1 = v128.load(x, 16), a2 = v128.load(x, 32), a3 = v128.load(x, 48);
    for (i = 4 * lanes; i + 4 * lanes <= n; i += 4 * lanes) {
      const p = x + <usize>i * w;
      a0 = op.v(a0, v128.load(p));
      a1 = op.v(a1, v128.load(p, 16));
      a2 = op.v(a2, v128.load(p, 32));
      a3 = op.v(a3, v128.load(p, 48));
    }
    for (; i + lanes <= n; i += lanes) a0 = op.v(a0, v128.load(x + <usize>i * w));
    acc = op.s(acc, horizontal<T, O>(op.v(op.v(a0, a1), op.v(a2, a3))));
  }
  for (; i < n; i++) acc = op.s(acc, load<T>(x + <usize>i * w));
  return acc;
}

/** `out[j] = out[j] op x[j]` for `n` contiguous elements. */
function foldRow<T, O>(out: usize, x: usize, n: i32): void {
  const op = changetype<O>(0);
  const w = sizeof<T>();
  const lanes = 16 / <i32>w;
  let i = 0;
  for (; i + lanes <= n; i += lanes) {
    const k = <usize>i * w;
    v128.store(out + k, op.v(v128.load(out + k), v128.load(x + k)));
  }
  for (; i < n; i++) {
    const k = <usize>i * w;
    store<T>(out + k, op.s(load<T>(out + k), load<T>(x + k)));
  }
}

function fill<T>(out: usize, n: i32, value: T): void {
  for (let i = 0; i < n; i++) store<T>(out + <usize>i * sizeof<T>(), value);
}

class SumD { @inline s(a: f64, b: f64): f64 { return a + b; } @inline v(a: v128, b: v128): v128 { return f64x2.add(a, b); } }
class ProdD { @inline s(a: f64, b: f64): f64 { return a * b; } @inline v(a: v128, b: v128): v128 { return f64x2.mul(a, b); } }

/** Folds `n` contiguous float32s into an f64 `acc`, two f64 lanes per half vector. */
function foldContiguousF64<O>(x: usize, n: i32, acc: f64): f64 {
  const op = changetype<O>(0);
  let i = 0;
  if (n >= 8) {
    let a0 = f64x2.promote_low_f32x4(v128.load(x));
    let a1 = f64x2.promote_low_f32x4(v128.load(x, 8));
    let a2 = f64x2.promote_low_f32x4(v128.load(x, 16));
    let a3 = f64x2.promote_low_f32x4(v128.load(x, 24));
    for (i = 8; i + 8 <= n; i += 8) {
      const p = x + (<usize>i << 2);
      a0 = op.v(a0, f64x2.promote_low_f32x4(v128.load(p)));
      a1 = op.v(a1, f64x2.promote_low_f32x4(v128.load(p, 8)));
      a2 = op.v(a2, f64x2.promote_low_f32x4(v128.load(p, 16)));
      a3 = op.v(a3, f64x2.promote_low_f32x4(v128.load(p, 24)));
    }
    const v = op.v(op.v(a0, a1), op.v(a2, a3));
    acc = op.s(acc, op.s(f64x2.extract_lane(v, 0), f64x2.extract_lane(v, 1)));
  }
  for (; i < n; i++) acc = op.s(acc, <f64>load<f32>(x + (<usize>i << 2)));
  return acc;
}

/** `acc[j] = acc[j] op x[j]` for `n` contiguous float32s into f64s. */
function foldRowF64<O>(acc: usize, x: usize, n: i32): void {
  const op = changetype<O>(0);
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const k = <usize>i << 3;
    v128.store(acc + k, op.v(v128.load(acc + k), f64x2.promote_low_f32x4(v128.load64_zero(x + (<usize>i << 2)))));
  }
  for (; i < n; i++) {
    const k = <usize>i << 3;
    store<f64>(acc + k, op.s(load<f64>(acc + k), <f64>load<f32>(x + (<usize>i << 2))));
  }
}

function runF64<O>(
  identity: f64, x: usize, out: usize, acc: usize, outSize: i32, n: i32, innerReduced: bool,
  rows: i32, ndim: i32, shape: usize, strides: usize, index: usize, offsets: usize,
): void {
  for (let i = 0; i < outSize; i++) store<f64>(acc + (<usize>i << 3), identity);
  for (let r = 0; r < rows; r++) {
    const px = x + (<usize>offsetOf(offsets, 0) << 2);
    const pa = acc + (<usize>offsetOf(offsets, 1) << 3);
    if (innerReduced) store<f64>(pa, foldContiguousF64<O>(px, n, load<f64>(pa)));
    else foldRowF64<O>(pa, px, n);
    nextRow(ndim, 2, shape, strides, index, offsets);
  }
  for (let i = 0; i < outSize; i++) store<f32>(out + (<usize>i << 2), <f32>load<f64>(acc + (<usize>i << 3)));
}

function run<T, O>(
  identity: T, x: usize, out: usize, outSize: i32, n: i32, innerReduced: bool,
  rows: i32, ndim: i32, shape: usize, strides: usize, index: usize, offsets: usize,
): void {
  const op = changetype<O>(0);
  const w = sizeof<T>();
  fill<T>(out, outSize, identity);
  for (let r = 0; r < rows; r++) {
    const px = x + <usize>offsetOf(offsets, 0) * w;
    const po = out + <usize>offsetOf(offsets, 1) * w;
    if (innerReduced) store<T>(po, foldContiguous<T, O>(px, n, load<T>(po)));
    else foldRow<T, O>(po, px, n);
    nextRow(ndim, 2, shape, strides, index, offsets);
  }
}

/**
 * Reduces `x` into `out` (`outSize` elements) by op `code` (0 sum, 1 prod, 2 max, 3 min) for
 * `dtype` 0 float32, 1 int32 or 2 bool (max/min only). Rows of `n` elements; outer strides
 * are for x and out (0 on reduced axes). `acc` holds `outSize` f64s for float sums and products.
 */
export function reduce(
  code: i32, dtype: i32, x: usize, out: usize, acc: usize, outSize: i32, n: i32, innerReduced: bool,
  rows: i32, ndim: i32, shape: usize, strides: usize, index: usize, offsets: usize,
): void {
  if (dtype == 0) {
    if (code == SUM) runF64<SumD>(0, x, out, acc, outSize, n, innerReduced, rows, ndim, shape, strides, index, offsets);
    else if (code == PROD) runF64<ProdD>(1, x, out, acc, outSize, n, innerReduced, rows, ndim, shape, strides, index, offsets);
    else if (code == MAX) run<f32, MaxF>(-Infinity, x, out, outSize, n, innerReduced, rows, ndim, shape, strides, index, offsets);
    else run<f32, MinF>(Infinity, x, out, outSize, n, innerReduced, rows, ndim, shape, strides, index, offsets);
  } else if (dtype == 1) {
    if (code == SUM) run<i32, SumI>(0, x, out, outSize, n, innerReduced, rows, ndim, shape, strides, index, offsets);
    else if (code == PROD) run<i32, ProdI>(1, x, out, outSize, n, innerReduced, rows, ndim, shape, strides, index, offsets);
    else if (code == MAX) run<i32, MaxI>(i32.MIN_VALUE, x, out, outSize, n, innerReduced, rows, ndim, shape, strides, index, offsets);
    else run<i32, MinI>(i32.MAX_VALUE, x, out, outSize, n, innerReduced, rows, ndim, shape, strides, index, offsets);
  } else {
    if (code == MAX) run<u8, MaxB>(0, x, out, outSize, n, innerReduced, rows, ndim, shape, strides, index, offsets);
    else run<u8, MinB>(1, x, out, outSize, n, innerReduced, rows, ndim, shape, strides, index, offsets);
  }
}
