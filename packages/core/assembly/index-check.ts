// Bounds checking shared by the indexing kernels: they validate every index before writing
// anything, so an error leaves no half-written output behind.

/** 0 if all `count` int32 indices lie in [0, size), else one more than the first bad position. */
export function firstOutOfRange(index: usize, count: i32, size: i32): i32 {
  for (let i = 0; i < count; i++) {
    const v = load<i32>(index + (<usize>i << 2));
    if (v < 0 || v >= size) return i + 1;
  }
  return 0;
}
