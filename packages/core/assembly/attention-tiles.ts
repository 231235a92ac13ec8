// The small matrix products the attention kernels are made of, register-blocked so that
// they run near GEMM speed: a ROWS×KEYS tile of dot products between ROWS rows and KEYS
// columns of a transposed matrix, and the accumulation of a ROWS×KEYS tile times KEYS rows
// into ROWS output rows. Every L×S product of attention (scores, dP, and the products with
// dS and P) is a sequence of these tiles, so no more than a tile of scores ever exists.
import { madd } from './simd';

/** Rows of a block (query rows, or key rows in the dK/dV kernel). */
export const ROWS = 4;
/** Columns of a tile (keys, or queries in the dK/dV kernel). */
export const KEYS = 64;

/**
 * `out[r][c] = Σ_e a[r][e] · bT[e][c]` for r < ROWS, c < KEYS: `a` rows are `aStride` floats
 * apart (rows at or past `rows` repeat row 0, and their results are to be ignored), `bT` rows
 * `bStride` floats apart, with KEYS readable columns. `out` is ROWS×KEYS.
 */
export function productTile(a: usize, aStride: i32, rows: i32, bT: usize, bStride: i32, depth: i32, out: usize): void {
  const step = <usize>aStride << 2;
  const a0 = a;
  const a1 = rows > 1 ? a + step : a;
  const a2 = rows > 2 ? a + 2 * step : a;
  const a3 = rows > 3 ? a + 3 * step : a;
  const bRow = <usize>bStride << 2;
  for (let c = 0; c < KEYS; c += 8) {
    let s00 = f32x4.splat(0), s01 = s00, s10 = s00, s11 = s00, s20 = s00, s21 = s00, s30 = s00, s31 = s00;
    let pb = bT + (<usize>c << 2);
    for (let e = 0; e < depth; e++) {
      const o = <usize>e << 2;
      const b0 = v128.load(pb);
      const b1 = v128.load(pb, 16);
      const x0 = v128.load32_splat(a0 + o);
      const x1 = v128.load32_splat(a1 + o);
      const x2 = v128.load32_splat(a2 + o);
      const x3 = v128.load32_splat(a3 + o);
      s00 = madd(x0, b0, s00); s01 = madd(x0, b1, s01);
      s10 = madd(x1, b0, s10); s11 = madd(x1, b1, s11);
      s20 = madd(x2, b0, s20); s21 = madd(x2, b1, s21);
      s30 = madd(x3, b0, s30); s31 = madd(x3, b1, s31);
      pb += bRow;
    }
    const po = out + (<usize>c << 2);
    v128.store(po, s00); v128.store(po, s01, 16);
    v128.store(po + KEYS * 4, s10); v128.store(po + KEYS * 4, s11, 16);
    v128.store(po + KEYS * 8, s20); v128.store(po + KEYS * 8, s21, 16);
    v128.store(po + KEYS * 12, s30); v128.store(po + KEYS * 12, s31, 16);
  }
}

/**
 * `acc[r][w] += Σ_{c < cols} p[r][c] · b[c][w]` for r < ROWS, w < width: `p` is ROWS×KEYS,
 * `b` rows are `bStride` floats apart, `acc` rows `width` floats apart.
 */
export function accumulateTile(acc: usize, p: usize, b: usize, bStride: i32, cols: i32, width: i32): void {
  const accRow = <usize>width << 2;
  const bRow = <usize>bStride << 2;
  let w = 0;
  for (; w + 8 <= width; w += 8) {
    const pa = acc + (<usize>w << 2);
    let s00 = v128.load(pa), s01 = v128.load(pa, 16);
    let s10 = v128.load(pa + accRow), s11 = v128.load(pa + accRow, 16);
    let s20 = v128.load(pa + 2 * accRow), s21 = v128.load(pa + 2 * accRow, 16);
    let s30 = v128.load(pa + 3 * accRow), s31 = v128.load(pa + 3 * accRow, 16);
    let pb = b + (<usize>w << 2);
    for (let c = 0; c < cols; c++) {
      const o = <usize>c << 2;
      const b0 = v128.load(pb);
      const b1 = v128.load(pb, 16);
      const x0 = v128.load32_splat(p + o);
      const x1 = v128.load32_splat(p + o + KEYS * 4);
      const x2 = v128.load32_splat(p + o + KEYS * 8);
      const x3 = v128.load32_splat(p + o + KEYS * 12);
      s00 = madd(x0, b0, s00); s01 = madd(x0, b1, s01);
      s10 = madd(x1, b0, s10); s11 = madd(x1, b1, s11);
      s20 = madd(x2, b0, s20); s21 = madd(x2, b1, s21);
      s30 = madd(x3, b0, s30); s31 = madd(x3, b1, s31);
      pb += bRow;
    }
    v128.store(pa, s00); v128.store(pa, s01, 16);
    v128.store(pa + accRow, s10); v128.store(pa + accRow, s11, 16);
    v128.store(pa + 2 * accRow, s20); v128.store(pa + 2 * accRow, s21, 16);
    v128.store(pa + 3 * accRow, s30); v128.store(pa + 3 * accRow, s31, 16);
  }
  // Widths that are not a multiple of 8 finish one column at a time.
  for (; w < width; w++) {
    for (let r = 0; r < ROWS; r++) {
      const at = acc + <usize>r * accRow + (<usize>w << 2);
      let s = load<f32>(at);
      for (let c = 0; c < cols; c++) s += load<f32>(p + (<usize>(r * KEYS + c) << 2)) * load<f32>(b + <usize>c * bRow + (<usize>w << 2));
      store<f32>(at, s);
    }
  }
}

/**
 * Transposes `batches` matrices of `rows`×`cols` (rows `srcStride` floats apart) into
 * `cols`×`dstStride` matrices, zero-filling columns `rows..dstStride`: the layout
 * productTile reads its second operand in.
 */
export function transposeBatches(src: usize, batches: i32, rows: i32, cols: i32, srcStride: i32, dst: usize, dstStride: i32): void {
  for (let t = 0; t < batches; t++) {
    const s = src + ((<usize>t * <usize>rows * <usize>srcStride) << 2);
    const d = dst + ((<usize>t * <usize>cols * <usize>dstStride) << 2);
    for (let c = 0; c < cols; c++) {
      const dr = d + ((<usize>c * <usize>dstStride) << 2);
      for (let r = 0; r < rows; r++) store<f32>(dr + (<usize>r << 2), load<f32>(s + ((<usize>r * <usize>srcStride + <usize>c) << 2)));
      memory.fill(dr + (<usize>rows << 2), 0, <usize>(dstStride - rows) << 2);
    }
  }
}

/** Per row of the packed output: the log-sum-exp, and D = Σ dO·O − dlse (the dK/dV kernel reads both per query). */
export function attentionRowStats(out: usize, gradOut: usize, rows: i32, Ev: i32, lse: usize, delta: usize): void {
  const width = <usize>(Ev + 1) << 2;
  for (let i = 0; i < rows; i++) {
    const o = out + <usize>i * width;
    const g = gradOut + <usize>i * width;
    let d: f32 = 0;
    for (let c = 0; c < Ev; c++) d += load<f32>(g + (<usize>c << 2)) * load<f32>(o + (<usize>c << 2));
    store<f32>(lse + (<usize>i << 2), load<f32>(o + (<usize>Ev << 2)));
    store<f32>(delta + (<usize>i << 2), d - load<f32>(g + (<usize>Ev << 2)));
  }
}
