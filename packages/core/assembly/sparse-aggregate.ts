// Graph aggregation as a pull per destination over a CSR sorted by destination: each output
// row folds its incoming edges' weighted source rows in registers, up to 16 features per pass
// over the row's edges, so no per-edge message is stored and no two threads write the same row.
import { firstRowOf } from './graph-rows';
import { madd } from './simd';

const SUM = 0, MEAN = 1, MAX = 2, MIN = 3;

/** Folds the message `w · v` into `acc`: added (sum, mean), or the larger (max) or smaller (min) kept. */
@inline function fold(code: i32, acc: v128, w: v128, v: v128): v128 {
  if (code <= MEAN) return madd(w, v, acc);
  const m = f32x4.mul(w, v);
  return code == MAX ? f32x4.max(acc, m) : f32x4.min(acc, m);
}

/** The scalar fold, for the features past the last whole vector. */
@inline function foldScalar(code: i32, acc: f32, w: f32, v: f32): f32 {
  if (code <= MEAN) return acc + w * v;
  const m = w * v;
  return code == MAX ? max<f32>(acc, m) : min<f32>(acc, m);
}

/**
 * Features [at, at + 4·vectors) of one output row (and head), `vectors` from 1 to 4, over
 * edges start..end (at least one) in one pass: the accumulators stay in registers for the
 * whole row. `stride` is the floats per x row; the output is scaled by `scale` (mean).
 */
@inline function vectorChunk(
  code: i32, vectors: i32, o: usize, x: usize, weight: usize, colIndex: usize, start: i32, end: i32,
  heads: i32, h: i32, stride: i32, at: i32, scale: v128,
): void {
  let w = f32x4.splat(load<f32>(weight + (<usize>(start * heads + h) << 2)));
  let p = x + (<usize>(load<i32>(colIndex + (<usize>start << 2)) * stride + at) << 2);
  const zero = f32x4.splat(0);
  let a0 = f32x4.mul(w, v128.load(p));
  let a1 = vectors > 1 ? f32x4.mul(w, v128.load(p, 16)) : zero;
  let a2 = vectors > 2 ? f32x4.mul(w, v128.load(p, 32)) : zero;
  let a3 = vectors > 3 ? f32x4.mul(w, v128.load(p, 48)) : zero;
  for (let k = start + 1; k < end; k++) {
    w = f32x4.splat(load<f32>(weight + (<usize>(k * heads + h) << 2)));
    p = x + (<usize>(load<i32>(colIndex + (<usize>k << 2)) * stride + at) << 2);
    a0 = fold(code, a0, w, v128.load(p));
    if (vectors > 1) a1 = fold(code, a1, w, v128.load(p, 16));
    if (vectors > 2) a2 = fold(code, a2, w, v128.load(p, 32));
    if (vectors > 3) a3 = fold(code, a3, w, v128.load(p, 48));
  }
  v128.store(o, f32x4.mul(a0, scale));
  if (vectors > 1) v128.store(o, f32x4.mul(a1, scale), 16);
  if (vectors > 2) v128.store(o, f32x4.mul(a2, scale), 32);
  if (vectors > 3) v128.store(o, f32x4.mul(a3, scale), 48);
}

/** The last `count` (1 to 3) features of one output row, in one pass, as vectorChunk on scalars. */
@inline function tailChunk(
  code: i32, count: i32, o: usize, x: usize, weight: usize, colIndex: usize, start: i32, end: i32,
  heads: i32, h: i32, stride: i32, at: i32, scale: f32,
): void {
  let w = load<f32>(weight + (<usize>(start * heads + h) << 2));
  let p = x + (<usize>(load<i32>(colIndex + (<usize>start << 2)) * stride + at) << 2);
  let a0 = w * load<f32>(p);
  let a1 = count > 1 ? w * load<f32>(p, 4) : 0;
  let a2 = count > 2 ? w * load<f32>(p, 8) : 0;
  for (let k = start + 1; k < end; k++) {
    w = load<f32>(weight + (<usize>(k * heads + h) << 2));
    p = x + (<usize>(load<i32>(colIndex + (<usize>k << 2)) * stride + at) << 2);
    a0 = foldScalar(code, a0, w, load<f32>(p));
    if (count > 1) a1 = foldScalar(code, a1, w, load<f32>(p, 4));
    if (count > 2) a2 = foldScalar(code, a2, w, load<f32>(p, 8));
  }
  store<f32>(o, a0 * scale);
  if (count > 1) store<f32>(o, a1 * scale, 4);
  if (count > 2) store<f32>(o, a2 * scale, 8);
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
  // A constant fold per inlined copy: no branch on the reduction inside the edge loops.
  if (code == MAX) aggregateRows(MAX, MAX, x, weight, rowPtr, colIndex, out, first, last, heads, features);
  else if (code == MIN) aggregateRows(MIN, MIN, x, weight, rowPtr, colIndex, out, first, last, heads, features);
  else aggregateRows(SUM, code, x, weight, rowPtr, colIndex, out, first, last, heads, features);
}

/** Rows first..last with the fold `code` (SUM for sum and mean); a `reduce` of MEAN scales by 1 / degree. */
@inline function aggregateRows(
  code: i32, reduce: i32, x: usize, weight: usize, rowPtr: usize, colIndex: usize, out: usize,
  first: i32, last: i32, heads: i32, features: i32,
): void {
  const stride = heads * features;
  for (let i = first; i < last; i++) {
    const start = load<i32>(rowPtr + (<usize>i << 2));
    const end = load<i32>(rowPtr + (<usize>(i + 1) << 2));
    const o = out + (<usize>(i * stride) << 2);
    if (start == end) {
      memory.fill(o, 0, <usize>stride << 2);
      continue;
    }
    const s: f32 = reduce == MEAN ? <f32>1 / <f32>(end - start) : 1;
    const scale = f32x4.splat(s);
    for (let h = 0; h < heads; h++) {
      let f = 0;
      const base = h * features;
      // Constant widths, so that each inlined copy has no per-edge branches.
      for (; f + 16 <= features; f += 16) vectorChunk(code, 4, o + (<usize>(base + f) << 2), x, weight, colIndex, start, end, heads, h, stride, base + f, scale);
      const vectors = (features - f) >> 2;
      const vo = o + (<usize>(base + f) << 2);
      if (vectors == 3) vectorChunk(code, 3, vo, x, weight, colIndex, start, end, heads, h, stride, base + f, scale);
      else if (vectors == 2) vectorChunk(code, 2, vo, x, weight, colIndex, start, end, heads, h, stride, base + f, scale);
      else if (vectors == 1) vectorChunk(code, 1, vo, x, weight, colIndex, start, end, heads, h, stride, base + f, scale);
      f += 4 * vectors;
      const tail = features - f;
      const to = o + (<usize>(base + f) << 2);
      if (tail == 3) tailChunk(code, 3, to, x, weight, colIndex, start, end, heads, h, stride, base + f, s);
      else if (tail == 2) tailChunk(code, 2, to, x, weight, colIndex, start, end, heads, h, stride, base + f, s);
      else if (tail == 1) tailChunk(code, 1, to, x, weight, colIndex, start, end, heads, h, stride, base + f, s);
    }
  }
}
