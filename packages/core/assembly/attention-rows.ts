// Row helpers the attention kernels share: a dot product and a scaling along the feature
// dimension (SIMD, with scalar tails for any width), the broadcast mask, and row addressing.
// Pointers are byte offsets; sizes are element counts.
import { hsum, madd } from './simd';

/** `Σ a[e]·b[e]` over `n` floats. */
export function dot(a: usize, b: usize, n: i32): f32 {
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
export function scaleRow(y: usize, s: f32, n: i32): void {
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

/**
 * Turns a tile row of KEYS dot products into exponents `scale · s + shift`, adds the mask to
 * the visible columns `from..to` and sets every other column to −∞ (no weight). The mask is
 * read at (b, i, j0 + c) for a query row, or (b, i0 + c, j) for a key row (`byColumn`).
 */
export function finishRow(
  row: usize, width: i32, scale: f32, shift: f32, from: i32, to: i32,
  mask: usize, b: i32, i: i32, j: i32, byColumn: bool, mb: i32, mr: i32, mc: i32,
): void {
  const vscale = f32x4.splat(scale);
  const vshift = f32x4.splat(shift);
  for (let c = 0; c < width; c += 4) {
    const o = <usize>c << 2;
    v128.store(row + o, f32x4.add(f32x4.mul(v128.load(row + o), vscale), vshift));
  }
  if (mask != 0) {
    for (let c = from; c < to; c++) {
      const at = row + (<usize>c << 2);
      store<f32>(at, load<f32>(at) + (byColumn ? maskAt(mask, b, i + c, j, mb, mr, mc) : maskAt(mask, b, i, j + c, mb, mr, mc)));
    }
  }
  for (let c = 0; c < min(from, width); c++) store<f32>(row + (<usize>c << 2), -Infinity);
  for (let c = max(to, 0); c < width; c++) store<f32>(row + (<usize>c << 2), -Infinity);
}
