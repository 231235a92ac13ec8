// Both convolutions pair positions i of one grid with j = i·stride + offset of another and
// skip pairs that fall into the padding. Computing the valid range of i once per kernel tap
// keeps the inner loops free of bounds checks.

/** The range `[lo, hi)` of `i` in `[0, count)` for which `0 <= i·stride + offset < limit` (empty when hi <= lo). */
export function validRange(count: number, limit: number, stride: number, offset: number): [number, number] {
  const lo = Math.max(0, Math.ceil(-offset / stride));
  const hi = Math.min(count, Math.floor((limit - 1 - offset) / stride) + 1);
  return [lo, hi];
}
