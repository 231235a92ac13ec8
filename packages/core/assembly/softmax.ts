// Softmax and log-softmax along one axis of a float32 tensor viewed as [outer, n, inner],
// stabilised by each slice's maximum. A slice whose maximum is ±inf or NaN gives NaN, as in
// PyTorch. Rows along a contiguous axis reduce horizontally; otherwise whole rows of the
// inner dimension are processed together.
import { expV, hsum } from './simd';
import { maxNaN } from './scalar';

function softmaxContiguous(x: usize, out: usize, n: i32, log: bool): void {
  let i = 0;
  // pmax is one instruction (f32x4.max is several under V8); NaNs are tracked on the side.
  // Two vectors per step, each with its own running maximum and sum: the pmax and add
  // dependency chains are halved (about 10% faster on [256, 1024]).
  let vmax = f32x4.splat(-Infinity), vmax2 = vmax;
  let nan = i32x4.splat(0);
  for (; i + 8 <= n; i += 8) {
    const v = v128.load(x + (<usize>i << 2));
    const w = v128.load(x + (<usize>i << 2), 16);
    vmax = f32x4.pmax(vmax, v);
    vmax2 = f32x4.pmax(vmax2, w);
    nan = v128.or(nan, v128.or(f32x4.ne(v, v), f32x4.ne(w, w)));
  }
  for (; i + 4 <= n; i += 4) {
    const v = v128.load(x + (<usize>i << 2));
    vmax = f32x4.pmax(vmax, v);
    nan = v128.or(nan, f32x4.ne(v, v));
  }
  vmax = f32x4.pmax(vmax, vmax2);
  let m = max<f32>(max<f32>(f32x4.extract_lane(vmax, 0), f32x4.extract_lane(vmax, 1)), max<f32>(f32x4.extract_lane(vmax, 2), f32x4.extract_lane(vmax, 3)));
  if (v128.any_true(nan)) m = NaN;
  for (; i < n; i++) m = maxNaN(m, load<f32>(x + (<usize>i << 2)));
  const vm = f32x4.splat(m);
  let vsum = f32x4.splat(0);
  let vsum2 = f32x4.splat(0);
  for (i = 0; i + 8 <= n; i += 8) {
    const k = <usize>i << 2;
    const e = expV(f32x4.sub(v128.load(x + k), vm));
    const f = expV(f32x4.sub(v128.load(x + k, 16), vm));
    if (!log) {
      v128.store(out + k, e);
      v128.store(out + k, f, 16);
    }
    vsum = f32x4.add(vsum, e);
    vsum2 = f32x4.add(vsum2, f);
  }
  for (; i + 4 <= n; i += 4) {
    const k = <usize>i << 2;
    const e = expV(f32x4.sub(v128.load(x + k), vm));
    if (!log) v128.store(out + k, e);
    vsum = f32x4.add(vsum, e);
  }
  vsum = f32x4.add(vsum, vsum2);
  let sum = hsum(vsum);
  for (; i < n; i++) {
    const k = <usize>i << 2;
    const e = <f32>Math.exp(<f64>(load<f32>(x + k) - m));
    if (!log) store<f32>(out + k, e);
    sum += e;
  }
  if (log) {
    const shift = f32x4.splat(m + <f32>Math.log(<f64>sum));
    for (i = 0; i + 4 <= n; i += 4) v128.store(out + (<usize>i << 2), f32x4.sub(v128.load(x + (<usize>i << 2)), shift));
    for (; i < n; i++) store<f32>(out + (<usize>i << 2), load<f32>(x + (<usize>i << 2)) - f32x4.extract_lane(shift, 0));
  } else {
    // One division, then multiplies (within an ulp of dividing each value).
    const inverse = <f32>1 / sum;
    const vs = f32x4.splat(inverse);
    for (i = 0; i + 4 <= n; i += 4) v128.store(out + (<usize>i << 2), f32x4.mul(v128.load(out + (<usize>i << 2)), vs));
    for (; i < n; i++) store<f32>(out + (<usize>i << 2), load<f32>(out + (<usize>i << 2)) * inverse);
  }
}

/** One [n, inner] slice with inner > 1; `scratch` holds 2·inner floats (max and sum rows). */
function softmaxStrided(x: usize, out: usize, n: i32, inner: i32, log: bool, scratch: usize): void {
  const maxRow = scratch;
  const sumRow = scratch + (<usize>inner << 2);
  const row = <usize>inner << 2;
  for (let j = 0; j < inner; j++) {
    store<f32>(maxRow + (<usize>j << 2), -Infinity);
    store<f32>(sumRow + (<usize>j << 2), 0);
  }
  for (let k = 0; k < n; k++) {
    const px = x + <usize>k * row;
    let j = 0;
    for (; j + 4 <= inner; j += 4) {
      const o = <usize>j << 2;
      v128.store(maxRow + o, f32x4.max(v128.load(maxRow + o), v128.load(px + o)));
    }
    for (; j < inner; j++) {
      const o = <usize>j << 2;
      store<f32>(maxRow + o, maxNaN(load<f32>(maxRow + o), load<f32>(px + o)));
    }
  }
  for (let k = 0; k < n; k++) {
    const px = x + <usize>k * row;
    const po = out + <usize>k * row;
    let j = 0;
    for (; j + 4 <= inner; j += 4) {
      const o = <usize>j << 2;
      const e = expV(f32x4.sub(v128.load(px + o), v128.load(maxRow + o)));
      if (!log) v128.store(po + o, e);
      v128.store(sumRow + o, f32x4.add(v128.load(sumRow + o), e));
    }
    for (; j < inner; j++) {
      const o = <usize>j << 2;
      const e = <f32>Math.exp(<f64>(load<f32>(px + o) - load<f32>(maxRow + o)));
      if (!log) store<f32>(po + o, e);
      store<f32>(sumRow + o, load<f32>(sumRow + o) + e);
    }
  }
  if (log) {
    // The sum row becomes the shift max + log(sum).
    for (let j = 0; j < inner; j++) {
      const o = <usize>j << 2;
      store<f32>(sumRow + o, load<f32>(maxRow + o) + <f32>Math.log(<f64>load<f32>(sumRow + o)));
    }
  }
  for (let k = 0; k < n; k++) {
    const px = x + <usize>k * row;
    const po = out + <usize>k * row;
    let j = 0;
    for (; j + 4 <= inner; j += 4) {
      const o = <usize>j << 2;
      const s = v128.load(sumRow + o);
      v128.store(po + o, log ? f32x4.sub(v128.load(px + o), s) : f32x4.div(v128.load(po + o), s));
    }
    for (; j < inner; j++) {
      const o = <usize>j << 2;
      const s = load<f32>(sumRow + o);
      store<f32>(po + o, log ? load<f32>(px + o) - s : load<f32>(po + o) / s);
    }
  }
}

/** Softmax (or log-softmax when `log`) of float32 `[outer, n, inner]` along n. */
export function softmax(x: usize, out: usize, outer: i32, n: i32, inner: i32, log: bool, scratch: usize): void {
  const slice = <usize>n * <usize>inner << 2;
  for (let o = 0; o < outer; o++) {
    const px = x + <usize>o * slice;
    const po = out + <usize>o * slice;
    if (inner == 1) softmaxContiguous(px, po, n, log);
    else softmaxStrided(px, po, n, inner, log, scratch);
  }
}
