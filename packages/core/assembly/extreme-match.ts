// Which edges attained a max/min aggregate: the backward kernels of sparseAggregate's max and
// min recompute each message `w · x` exactly as the forward did (one float32 multiply) and
// compare it with the aggregate, instead of storing a per-edge, per-feature mask.

/** All-ones lanes where `w · x` equals `y`, zero lanes elsewhere (a mask for v128.and). */
@inline export function matches(w: v128, x: v128, y: v128): v128 {
  return f32x4.eq(f32x4.mul(w, x), y);
}

/** `value` where `w · x` equals `y`, else 0. */
@inline export function ifMatches(w: f32, x: f32, y: f32, value: f32): f32 {
  return w * x == y ? value : 0;
}
