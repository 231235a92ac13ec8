// Matrix products. Float32 runs a packed, register-blocked, cache-tiled GEMM: B is packed in
// KC×NC blocks of 8-column panels, A in MC×KC blocks of 4-row panels, and a 4×8 micro-kernel
// keeps eight f32x4 accumulators in registers (fused multiply-add in the relaxed build).
// Batches, rows or columns are split over threads by `thread`/`threads`; each thread packs
// into its own scratch. Int32 products wrap, as the js backend's do.
// NOTE: measured under V8 (Node 20), each choice below beat its alternative:
// - 4×8, not the usual 6×8: V8 leaves 15 xmm registers to wasm, and twelve accumulators plus
//   operands spill to the stack on every step (6×8 ran at 60% of 4×8's speed, 5×8 at 55%);
// - A is packed pre-broadcast (each value in all four lanes), so the micro-kernel reads it
//   with plain vector loads, which V8 folds into the multiplies; load32_splat costs an extra
//   address computation per load under V8 (15-20% slower);
// - the k loop is not unrolled (unrolled by 4 it ran a third slower: more live registers);
// - the 4-row A panel (16 KB at KC = 256) stays in L1 while the 8-column B panels stream
//   past it from L2: B brings 32 bytes per step against splatted A's 64 (6% faster than
//   holding B and streaming A on matmul 512);
// - the packing loops bump pointers rather than multiply indices (packing is 4-5% of matmul 512);
// - the micro-kernel is inlined into its one call site (2% on matmul 512).
import { madd } from './simd';

const MR = 4;
const NR = 8;
const KC = 256;
const MC = 64;
const NC = 1024;

/** Bytes of scratch one thread needs: packed A, packed B and an edge tile. */
export function gemmScratchBytes(): i32 {
  return (4 * MC * KC + KC * NC + MR * NR) << 2;
}

/** Packs `mc × kc` of A into zero-padded 4-row panels, each value stored four times (splatted). */
function packA(a: usize, rs: i32, cs: i32, mc: i32, kc: i32, ap: usize): void {
  const step = <usize>cs << 2;
  for (let i0 = 0; i0 < mc; i0 += MR) {
    const rows = min(MR, mc - i0);
    const panel = ap + (<usize>(i0 * kc) << 4);
    for (let r = 0; r < MR; r++) {
      let dst = panel + (<usize>r << 4);
      const end = dst + (<usize>kc << 6);
      if (r < rows) {
        let src = a + (<usize>((i0 + r) * rs) << 2);
        for (; dst < end; dst += MR << 4, src += step) v128.store(dst, v128.load32_splat(src));
      } else {
        for (; dst < end; dst += MR << 4) v128.store(dst, f32x4.splat(0));
      }
    }
  }
}

/** Packs `kc × nc` of B (element (p, j) at `b + (p·rs + j·cs)·4`) into zero-padded 8-column panels. */
function packB(b: usize, rs: i32, cs: i32, kc: i32, nc: i32, bp: usize): void {
  const row = <usize>rs << 2;
  for (let j0 = 0; j0 < nc; j0 += NR) {
    const cols = min(NR, nc - j0);
    let dst = bp + (<usize>(j0 * kc) << 2);
    const end = dst + (<usize>kc << 5);
    let src = b + (<usize>(j0 * cs) << 2);
    if (cols == NR && cs == 1) {
      for (; dst < end; dst += NR << 2, src += row) {
        v128.store(dst, v128.load(src));
        v128.store(dst, v128.load(src, 16), 16);
      }
      continue;
    }
    if (cols == NR && rs == 1) {
      // Bᵀ stored (x Wᵀ with W row-major, as the recurrences multiply): 4×4 transposes of
      // contiguous column runs rather than one scalar per element; the scalar loop below
      // finishes the last kc % 4 rows.
      const col = <usize>cs << 2;
      for (; dst + (NR << 4) <= end; dst += NR << 4, src += 16) {
        transpose4(src, col, dst);
        transpose4(src + 4 * col, col, dst + 16);
      }
    }
    for (; dst < end; dst += NR << 2, src += row) {
      for (let c = 0; c < NR; c++) {
        store<f32>(dst + (<usize>c << 2), c < cols ? load<f32>(src + (<usize>(c * cs) << 2)) : 0);
      }
    }
  }
}

/**
 * Writes four columns' values p..p+3 (each column's four contiguous at `src + c·col` bytes)
 * as four rows of an 8-column panel (row stride 32 bytes) at `dst`.
 */
@inline function transpose4(src: usize, col: usize, dst: usize): void {
  const r0 = v128.load(src), r1 = v128.load(src + col), r2 = v128.load(src + 2 * col), r3 = v128.load(src + 3 * col);
  const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5), t1 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7);
  const t2 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5), t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
  v128.store(dst, v128.shuffle<f32>(t0, t2, 0, 1, 4, 5));
  v128.store(dst, v128.shuffle<f32>(t0, t2, 2, 3, 6, 7), NR << 2);
  v128.store(dst, v128.shuffle<f32>(t1, t3, 0, 1, 4, 5), NR << 3);
  v128.store(dst, v128.shuffle<f32>(t1, t3, 2, 3, 6, 7), 3 * (NR << 2));
}

@inline function emit(dst: usize, v: v128, accumulate: bool): void {
  v128.store(dst, accumulate ? f32x4.add(v128.load(dst), v) : v);
}

/**
 * C[4×8] (+)= Ap · Bp over `kc`. Full tiles go straight to C (row stride `ldc` floats);
 * edge tiles (`mr × nr`) go through `tile` and only their valid part is written.
 */
@inline function micro(kc: i32, ap: usize, bp: usize, c: usize, ldc: i32, accumulate: bool, mr: i32, nr: i32, tile: usize): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    let a = v128.load(ap);
    c00 = madd(a, b0, c00); c01 = madd(a, b1, c01);
    a = v128.load(ap, 16);
    c10 = madd(a, b0, c10); c11 = madd(a, b1, c11);
    a = v128.load(ap, 32);
    c20 = madd(a, b0, c20); c21 = madd(a, b1, c21);
    a = v128.load(ap, 48);
    c30 = madd(a, b0, c30); c31 = madd(a, b1, c31);
    ap += MR << 4;
    bp += NR << 2;
  }
  const full = mr == MR && nr == NR;
  const out = full ? c : tile;
  const ld: usize = full ? <usize>ldc << 2 : NR << 2;
  const acc = full && accumulate;
  emit(out, c00, acc); emit(out + 16, c01, acc);
  emit(out + ld, c10, acc); emit(out + ld + 16, c11, acc);
  emit(out + 2 * ld, c20, acc); emit(out + 2 * ld + 16, c21, acc);
  emit(out + 3 * ld, c30, acc); emit(out + 3 * ld + 16, c31, acc);
  if (full) return;
  for (let i = 0; i < mr; i++) {
    for (let j = 0; j < nr; j++) {
      const dst = c + (<usize>(i * ldc + j) << 2);
      const v = load<f32>(tile + (<usize>(i * NR + j) << 2));
      store<f32>(dst, accumulate ? load<f32>(dst) + v : v);
    }
  }
}

/** C[m×n] (+)= A[m×k] · B[k×n] for tiny m: rows of B streamed straight into C, no packing. */
function rowsTimesMatrix(a: usize, rsA: i32, csA: i32, b: usize, rsB: i32, c: usize, ldc: i32, m: i32, n: i32, k: i32, accumulate: bool): void {
  for (let i = 0; i < m; i++) {
    const crow = c + (<usize>(i * ldc) << 2);
    if (!accumulate) memory.fill(crow, 0, <usize>n << 2);
    for (let p = 0; p < k; p++) {
      const s = load<f32>(a + (<usize>(i * rsA + p * csA) << 2));
      const vs = f32x4.splat(s);
      const brow = b + (<usize>(p * rsB) << 2);
      let j = 0;
      for (; j + 4 <= n; j += 4) {
        const o = <usize>j << 2;
        v128.store(crow + o, madd(vs, v128.load(brow + o), v128.load(crow + o)));
      }
      for (; j < n; j++) {
        const o = <usize>j << 2;
        store<f32>(crow + o, load<f32>(crow + o) + s * load<f32>(brow + o));
      }
    }
  }
}

/**
 * C[m×n] (+)= A[m×k] · B[k×n] in float32, with A and B addressed by row and column strides
 * (elements) and C row-major with row stride `ldc`. `scratch` holds gemmScratchBytes().
 */
export function gemm(
  a: usize, rsA: i32, csA: i32, b: usize, rsB: i32, csB: i32, c: usize, ldc: i32,
  m: i32, n: i32, k: i32, accumulate: bool, scratch: usize,
): void {
  if (m <= 0 || n <= 0) return;
  if (k <= 0) {
    if (!accumulate) for (let i = 0; i < m; i++) memory.fill(c + (<usize>(i * ldc) << 2), 0, <usize>n << 2);
    return;
  }
  if (m < 4 && csB == 1) {
    rowsTimesMatrix(a, rsA, csA, b, rsB, c, ldc, m, n, k, accumulate);
    return;
  }
  const ap = scratch;
  const bp = ap + (4 * MC * KC << 2);
  const tile = bp + (KC * NC << 2);
  for (let j0 = 0; j0 < n; j0 += NC) {
    const nc = min(NC, n - j0);
    for (let p0 = 0; p0 < k; p0 += KC) {
      const kc = min(KC, k - p0);
      const add = accumulate || p0 > 0;
      packB(b + (<usize>(p0 * rsB + j0 * csB) << 2), rsB, csB, kc, nc, bp);
      for (let i0 = 0; i0 < m; i0 += MC) {
        const mc = min(MC, m - i0);
        packA(a + (<usize>(i0 * rsA + p0 * csA) << 2), rsA, csA, mc, kc, ap);
        for (let ir = 0; ir < mc; ir += MR) {
          const apanel = ap + (<usize>(ir * kc) << 4);
          for (let jr = 0; jr < nc; jr += NR) {
            const cij = c + (<usize>((i0 + ir) * ldc + j0 + jr) << 2);
            micro(kc, apanel, bp + (<usize>(jr * kc) << 2), cij, ldc, add, min(MR, mc - ir), min(NR, nc - jr), tile);
          }
        }
      }
    }
  }
}

/** The share [start, end) of `total` items for `thread` of `threads`, in multiples of `unit`. */
@inline function share(total: i32, unit: i32, thread: i32, threads: i32): i64 {
  const units = (total + unit - 1) / unit;
  const start = min(total, <i32>(<i64>units * thread / threads) * unit);
  const end = min(total, <i32>(<i64>units * (thread + 1) / threads) * unit);
  return (<i64>start << 32) | <i64>(<u32>end);
}

/**
 * Batched float32 `C[b] = op(A)[b] · op(B)[b]`, each C[b] a row-major m×n block `cStride`
 * elements after the last. `aOffsets` and `bOffsets` hold each batch's element offset into
 * A and B (broadcast batches repeat).
 * Thread `thread` of `threads` does its share: whole batches when there are enough of them,
 * else a band of rows (or columns, when n > m) of every batch.
 */
export function matmul(
  a: usize, b: usize, c: usize, m: i32, n: i32, k: i32, transposeA: bool, transposeB: bool,
  batches: i32, aOffsets: usize, bOffsets: usize, cStride: i32, thread: i32, threads: i32, scratch: usize,
): void {
  const rsA = transposeA ? 1 : k, csA = transposeA ? m : 1;
  const rsB = transposeB ? 1 : n, csB = transposeB ? k : 1;
  const work = scratch + <usize>thread * <usize>gemmScratchBytes();
  let b0 = 0, b1 = batches, r0 = 0, r1 = m, q0 = 0, q1 = n;
  if (batches >= threads) {
    const s = share(batches, 1, thread, threads);
    b0 = <i32>(s >> 32); b1 = <i32>s;
  } else if (m >= n) {
    const s = share(m, MR, thread, threads);
    r0 = <i32>(s >> 32); r1 = <i32>s;
  } else {
    const s = share(n, NR, thread, threads);
    q0 = <i32>(s >> 32); q1 = <i32>s;
  }
  if (r1 <= r0 || q1 <= q0) return;
  for (let t = b0; t < b1; t++) {
    const pa = a + (<usize>(load<i32>(aOffsets + (<usize>t << 2)) + r0 * rsA) << 2);
    const pb = b + (<usize>(load<i32>(bOffsets + (<usize>t << 2)) + q0 * csB) << 2);
    const pc = c + (<usize>(t * cStride + r0 * n + q0) << 2);
    gemm(pa, rsA, csA, pb, rsB, csB, pc, n, r1 - r0, q1 - q0, k, false, work);
  }
}

/** Batched int32 `C[b] = op(A)[b] · op(B)[b]` with wraparound; arguments as `matmul`. */
export function matmulInt(
  a: usize, b: usize, c: usize, m: i32, n: i32, k: i32, transposeA: bool, transposeB: bool,
  batches: i32, aOffsets: usize, bOffsets: usize,
): void {
  const rsA = transposeA ? 1 : k, csA = transposeA ? m : 1;
  const rsB = transposeB ? 1 : n, csB = transposeB ? k : 1;
  for (let t = 0; t < batches; t++) {
    const pa = a + (<usize>load<i32>(aOffsets + (<usize>t << 2)) << 2);
    const pb = b + (<usize>load<i32>(bOffsets + (<usize>t << 2)) << 2);
    const pc = c + (<usize>(t * m * n) << 2);
    memory.fill(pc, 0, <usize>(m * n) << 2);
    for (let i = 0; i < m; i++) {
      const crow = pc + (<usize>(i * n) << 2);
      for (let p = 0; p < k; p++) {
        const s = load<i32>(pa + (<usize>(i * rsA + p * csA) << 2));
        const brow = pb + (<usize>(p * rsB) << 2);
        let j = 0;
        if (csB == 1) {
          const vs = i32x4.splat(s);
          for (; j + 4 <= n; j += 4) {
            const o = <usize>j << 2;
            v128.store(crow + o, i32x4.add(v128.load(crow + o), i32x4.mul(vs, v128.load(brow + o))));
          }
        }
        for (; j < n; j++) {
          const o = <usize>j << 2;
          store<i32>(crow + o, load<i32>(crow + o) + s * load<i32>(brow + (<usize>(j * csB) << 2)));
        }
      }
    }
  }
}
