// Copies and fills of 4-byte words, for kernels that move many short rows (im2col, strided
// views, concat, pad).
// NOTE: under V8, memory.copy and memory.fill are calls into the runtime. Measured on rows
// of floats: below 64 words an inline vector loop is faster (1.5× at 56, 3× at 8), above it
// memory.copy is (1.6× at 4096).
const SHORT_ROW = 64;

/** Copies `n` words from `src` to `dst`; the two ranges must not overlap. */
@inline export function copyWords(dst: usize, src: usize, n: i32): void {
  if (n >= SHORT_ROW) {
    memory.copy(dst, src, <usize>n << 2);
    return;
  }
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(dst + (<usize>i << 2), v128.load(src + (<usize>i << 2)));
  for (; i < n; i++) store<u32>(dst + (<usize>i << 2), load<u32>(src + (<usize>i << 2)));
}

/** Writes the bit pattern `bits` to `n` words at `dst`. */
@inline export function fillWords(dst: usize, n: i32, bits: i32): void {
  const v = i32x4.splat(bits);
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(dst + (<usize>i << 2), v);
  for (; i < n; i++) store<i32>(dst + (<usize>i << 2), bits);
}
