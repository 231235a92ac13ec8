// Element-wise arithmetic and comparisons of two broadcast operands. The host collapses the
// broadcast into rows whose inner strides are 1 (contiguous) or 0 (a repeated value); each
// op is a small class whose methods inline into a SIMD row loop per stride pattern.
import { nextRow, offsetOf } from './rows';
import { powF32, powI32 } from './scalar';

// Op codes, in the order of the host's BINARY_OPS list.
const ADD = 0, SUB = 1, MUL = 2, DIV = 3, POW = 4, MAXIMUM = 5, MINIMUM = 6;
const EQ = 7, NE = 8, LT = 9, LE = 10, GT = 11;

class AddF { @inline s(a: f32, b: f32): f32 { return a + b; } @inline v(a: v128, b: v128): v128 { return f32x4.add(a, b); } }
class SubF { @inline s(a: f32, b: f32): f32 { return a - b; } @inline v(a: v128, b: v128): v128 { return f32x4.sub(a, b); } }
class MulF { @inline s(a: f32, b: f32): f32 { return a * b; } @inline v(a: v128, b: v128): v128 { return f32x4.mul(a, b); } }
class DivF { @inline s(a: f32, b: f32): f32 { return a / b; } @inline v(a: v128, b: v128): v128 { return f32x4.div(a, b); } }
class MaxF { @inline s(a: f32, b: f32): f32 { return max<f32>(a, b); } @inline v(a: v128, b: v128): v128 { return f32x4.max(a, b); } }
class MinF { @inline s(a: f32, b: f32): f32 { return min<f32>(a, b); } @inline v(a: v128, b: v128): v128 { return f32x4.min(a, b); } }
class PowF {
  @inline s(a: f32, b: f32): f32 { return powF32(a, b); }
  @inline v(a: v128, b: v128): v128 {
    let r = f32x4.splat(powF32(f32x4.extract_lane(a, 0), f32x4.extract_lane(b, 0)));
    r = f32x4.replace_lane(r, 1, powF32(f32x4.extract_lane(a, 1), f32x4.extract_lane(b, 1)));
    r = f32x4.replace_lane(r, 2, powF32(f32x4.extract_lane(a, 2), f32x4.extract_lane(b, 2)));
    return f32x4.replace_lane(r, 3, powF32(f32x4.extract_lane(a, 3), f32x4.extract_lane(b, 3)));
  }
}
class AddI { @inline s(a: i32, b: i32): i32 { return a + b; } @inline v(a: v128, b: v128): v128 { return i32x4.add(a, b); } }
class SubI { @inline s(a: i32, b: i32): i32 { return a - b; } @inline v(a: v128, b: v128): v128 { return i32x4.sub(a, b); } }
class MulI { @inline s(a: i32, b: i32): i32 { return a * b; } @inline v(a: v128, b: v128): v128 { return i32x4.mul(a, b); } }
class MaxI { @inline s(a: i32, b: i32): i32 { return max<i32>(a, b); } @inline v(a: v128, b: v128): v128 { return i32x4.max_s(a, b); } }
class MinI { @inline s(a: i32, b: i32): i32 { return min<i32>(a, b); } @inline v(a: v128, b: v128): v128 { return i32x4.min_s(a, b); } }
class PowI {
  @inline s(a: i32, b: i32): i32 { return powI32(a, b); }
  @inline v(a: v128, b: v128): v128 {
    let r = i32x4.splat(powI32(i32x4.extract_lane(a, 0), i32x4.extract_lane(b, 0)));
    r = i32x4.replace_lane(r, 1, powI32(i32x4.extract_lane(a, 1), i32x4.extract_lane(b, 1)));
    r = i32x4.replace_lane(r, 2, powI32(i32x4.extract_lane(a, 2), i32x4.extract_lane(b, 2)));
    return i32x4.replace_lane(r, 3, powI32(i32x4.extract_lane(a, 3), i32x4.extract_lane(b, 3)));
  }
}

/** One row of `out = a op b`; `sa`, `sb` are the inner strides (0 or 1). */
function row<T, O>(a: usize, b: usize, out: usize, n: i32, sa: i32, sb: i32): void {
  const op = changetype<O>(0);
  let i = 0;
  if (sa == 1 && sb == 1) {
    for (; i + 4 <= n; i += 4) {
      const k = <usize>i << 2;
      v128.store(out + k, op.v(v128.load(a + k), v128.load(b + k)));
    }
  } else if (sa == 1) {
    const vb = v128.splat<T>(load<T>(b));
    for (; i + 4 <= n; i += 4) {
      const k = <usize>i << 2;
      v128.store(out + k, op.v(v128.load(a + k), vb));
    }
  } else if (sb == 1) {
    const va = v128.splat<T>(load<T>(a));
    for (; i + 4 <= n; i += 4) {
      const k = <usize>i << 2;
      v128.store(out + k, op.v(va, v128.load(b + k)));
    }
  }
  for (; i < n; i++) {
    store<T>(out + (<usize>i << 2), op.s(load<T>(a + (<usize>(i * sa) << 2)), load<T>(b + (<usize>(i * sb) << 2))));
  }
}

/** One row of a comparison of two `T`s into bools (bytes). */
function compareRow<T>(code: i32, a: usize, b: usize, out: usize, n: i32, sa: i32, sb: i32): void {
  const w = sizeof<T>();
  for (let i = 0; i < n; i++) {
    const x = load<T>(a + <usize>(i * sa) * w);
    const y = load<T>(b + <usize>(i * sb) * w);
    let r: bool;
    switch (code) {
      case EQ: r = x == y; break;
      case NE: r = x != y; break;
      case LT: r = x < y; break;
      case LE: r = x <= y; break;
      case GT: r = x > y; break;
      default: r = x >= y;
    }
    store<u8>(out + <usize>i, <u8>r);
  }
}

function arithmeticRow(code: i32, isFloat: bool, a: usize, b: usize, out: usize, n: i32, sa: i32, sb: i32): void {
  if (isFloat) {
    switch (code) {
      case ADD: row<f32, AddF>(a, b, out, n, sa, sb); break;
      case SUB: row<f32, SubF>(a, b, out, n, sa, sb); break;
      case MUL: row<f32, MulF>(a, b, out, n, sa, sb); break;
      case DIV: row<f32, DivF>(a, b, out, n, sa, sb); break;
      case POW: row<f32, PowF>(a, b, out, n, sa, sb); break;
      case MAXIMUM: row<f32, MaxF>(a, b, out, n, sa, sb); break;
      default: row<f32, MinF>(a, b, out, n, sa, sb);
    }
  } else {
    switch (code) {
      case ADD: row<i32, AddI>(a, b, out, n, sa, sb); break;
      case SUB: row<i32, SubI>(a, b, out, n, sa, sb); break;
      case MUL: row<i32, MulI>(a, b, out, n, sa, sb); break;
      case POW: row<i32, PowI>(a, b, out, n, sa, sb); break;
      case MAXIMUM: row<i32, MaxI>(a, b, out, n, sa, sb); break;
      default: row<i32, MinI>(a, b, out, n, sa, sb);
    }
  }
}

/**
 * `out = a op b` over `rows` rows of `n` elements. `dtype` is the operands' (0 float32,
 * 1 int32, 2 bool); comparisons write bools. Outer strides are for operands a, b, out.
 */
export function binary(
  code: i32, dtype: i32, a: usize, b: usize, out: usize, n: i32, sa: i32, sb: i32,
  rows: i32, ndim: i32, shape: usize, strides: usize, index: usize, offsets: usize,
): void {
  const w: usize = dtype == 2 ? 1 : 4;
  const compare = code >= EQ;
  const wo: usize = compare ? 1 : w;
  for (let r = 0; r < rows; r++) {
    const pa = a + <usize>offsetOf(offsets, 0) * w;
    const pb = b + <usize>offsetOf(offsets, 1) * w;
    const po = out + <usize>offsetOf(offsets, 2) * wo;
    if (!compare) arithmeticRow(code, dtype == 0, pa, pb, po, n, sa, sb);
    else if (dtype == 0) compareRow<f32>(code, pa, pb, po, n, sa, sb);
    else if (dtype == 1) compareRow<i32>(code, pa, pb, po, n, sa, sb);
    else compareRow<u8>(code, pa, pb, po, n, sa, sb);
    nextRow(ndim, 3, shape, strides, index, offsets);
  }
}
