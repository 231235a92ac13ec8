// Row helpers the attention kernels share: a dot product and a scaling along the feature
// dimension (SIMD, with scalar tails for any width), the broadcast mask, and row addressing.
// Pointers are byte offsets; sizes are element counts.
import { hsum, madd } from './simd';

/** `Σ a[e]·b[e]` over `n` floats. */
@inline export function dot(a: usize, b: usize, n: i32): f32 {
  let acc = f32x4.splat(0);
  let acc2 = f32x4.splat(0);
  let e = 0;
  // Two accumulators halve the dependency chain of the multiply-adds.
  for (; e + 8 <= n; e += 8) {
    const o = <usize>e << 2;
    acc = madd(v128.load(a + o), v128.load(b + o), acc);
    acc2 = madd(v128.load(a + o, 16), v128.load(b + o, 16), acc2);
  }
  for (; e + 4 <= n; e += 4) {
    const o = <usize>e << 2;
    acc = madd(v128.load(a + o), v128.load(b + o), acc);
  }
  let s = hsum(f32x4.add(acc, acc2));
  for (; e < n; e++) s += load<f32>(a + (<usize>e << 2)) * load<f32>(b + (<usize>e << 2));
  return s;
}

/** `y[0..n) *= s`. */
@inline export function scaleRow(y: usize, s: f32, n: i32): void {
  const vs = f32x4.splat(s);
  let e = 0;
  for (; e + 4 <= n; e += 4) v128.store(y + (<usize>e << 2), f32x4.mul(v128.load(y + (<usize>e << 2)), vs));
  for (; e < n; e++) store<f32>(y + (<usize>e << 2), load<f32>(y + (<usize>e << 2)) * s);
}

/**
 * The additive mask at (b, i, j), from its element strides (0 where it broadcasts); a mask
 * pointer of 0 means no mask (the host never allocates at 0: static data sits there).
 */
@inline export function maskAt(mask: usize, b: i32, i: i32, j: i32, sb: i32, sr: i32, sc: i32): f32 {
  if (mask == 0) return 0;
  return load<f32>(mask + ((<usize>b * <usize>sb + <usize>i * <usize>sr + <usize>j * <usize>sc) << 2));
}

/** The byte offset of row `row` of a row-major matrix of `width` floats per row. */
@inline export function rowAt(base: usize, row: i32, width: i32): usize {
  return base + ((<usize>row * <usize>width) << 2);
}
