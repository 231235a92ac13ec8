// Graph aggregation as a pull per destination over a CSR sorted by destination: each output
// row folds its incoming edges' weighted source rows in place (the row stays in cache), so no
// per-edge message is stored and no two threads write the same row.
import { firstRowOf } from './graph-rows';
import { madd } from './simd';

const SUM = 0, MEAN = 1, MAX = 2;

/** Sets `n` floats at `o` to `w · x` (the first message of a row). */
@inline function setScaled(o: usize, x: usize, w: f32, n: i32): void {
  const wv = f32x4.splat(w);
  let f = 0;
  for (; f + 4 <= n; f += 4) v128.store(o + (<usize>f << 2), f32x4.mul(wv, v128.load(x + (<usize>f << 2))));
  for (; f < n; f++) store<f32>(o + (<usize>f << 2), w * load<f32>(x + (<usize>f << 2)));
}

/** Folds `w · x` into the `n` floats at `o`: added (code SUM/MEAN), or kept when larger (MAX) or smaller (MIN). */
@inline function fold(code: i32, o: usize, x: usize, w: f32, n: i32): void {
  const wv = f32x4.splat(w);
  let f = 0;
  if (code <= MEAN) {
    for (; f + 4 <= n; f += 4) {
      const at = o + (<usize>f << 2);
      v128.store(at, madd(wv, v128.load(x + (<usize>f << 2)), v128.load(at)));
    }
    for (; f < n; f++) store<f32>(o + (<usize>f << 2), load<f32>(o + (<usize>f << 2)) + w * load<f32>(x + (<usize>f << 2)));
  } else if (code == MAX) {
    for (; f + 4 <= n; f += 4) {
      const at = o + (<usize>f << 2);
      v128.store(at, f32x4.max(v128.load(at), f32x4.mul(wv, v128.load(x + (<usize>f << 2)))));
    }
    for (; f < n; f++) store<f32>(o + (<usize>f << 2), max<f32>(load<f32>(o + (<usize>f << 2)), w * load<f32>(x + (<usize>f << 2))));
  } else {
    for (; f + 4 <= n; f += 4) {
      const at = o + (<usize>f << 2);
      v128.store(at, f32x4.min(v128.load(at), f32x4.mul(wv, v128.load(x + (<usize>f << 2)))));
    }
    for (; f < n; f++) store<f32>(o + (<usize>f << 2), min<f32>(load<f32>(o + (<usize>f << 2)), w * load<f32>(x + (<usize>f << 2))));
  }
}

/**
 * `out[i,h,:] = reduce_k weight[k,h] · x[colIndex[k],h,:]` over the edges k of each row i of
 * this thread's share; code 0 sum, 1 mean, 2 max, 3 min; rows without edges give 0.
 */
export function sparseAggregate(
  code: i32, x: usize, weight: usize, rowPtr: usize, colIndex: usize, out: usize,
  rows: i32, heads: i32, features: i32, thread: i32, threads: i32,
): void {
  const first = firstRowOf(rowPtr, rows, thread, threads);
  const last = firstRowOf(rowPtr, rows, thread + 1, threads);
  const rowFloats = heads * features;
  for (let i = first; i < last; i++) {
    const start = load<i32>(rowPtr + (<usize>i << 2));
    const end = load<i32>(rowPtr + (<usize>(i + 1) << 2));
    const o = out + (<usize>(i * rowFloats) << 2);
    if (start == end) {
      memory.fill(o, 0, <usize>rowFloats << 2);
      continue;
    }
    for (let h = 0; h < heads; h++) {
      const oh = o + (<usize>(h * features) << 2);
      for (let k = start; k < end; k++) {
        const src = load<i32>(colIndex + (<usize>k << 2));
        const w = load<f32>(weight + (<usize>(k * heads + h) << 2));
        const xs = x + (<usize>(src * rowFloats + h * features) << 2);
        if (k == start) setScaled(oh, xs, w, features);
        else fold(code, oh, xs, w, features);
      }
    }
    if (code == MEAN) {
      const scale = f32x4.splat(<f32>1 / <f32>(end - start));
      let f = 0;
      for (; f + 4 <= rowFloats; f += 4) v128.store(o + (<usize>f << 2), f32x4.mul(scale, v128.load(o + (<usize>f << 2))));
      for (; f < rowFloats; f++) store<f32>(o + (<usize>f << 2), load<f32>(o + (<usize>f << 2)) * f32x4.extract_lane(scale, 0));
    }
  }
}
