// Index of the first maximum or minimum along one axis of a tensor viewed as
// [outer, n, inner]. NaN counts as the extreme, so the first NaN wins.

function scan<T>(isMax: bool, x: usize, out: usize, outer: i32, n: i32, inner: i32): void {
  const w = sizeof<T>();
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < inner; j++) {
      const base = x + <usize>(o * n * inner + j) * w;
      let best = load<T>(base);
      let at = 0;
      for (let k = 1; k < n && best == best; k++) {
        const v = load<T>(base + <usize>(k * inner) * w);
        if ((isMax ? v > best : v < best) || v != v) {
          best = v;
          at = k;
        }
      }
      store<i32>(out + (<usize>(o * inner + j) << 2), at);
    }
  }
}

/** Writes int32 indices `[outer, inner]`; `dtype` 0 float32, 1 int32, 2 bool. */
export function argReduce(isMax: bool, dtype: i32, x: usize, out: usize, outer: i32, n: i32, inner: i32): void {
  if (dtype == 0) scan<f32>(isMax, x, out, outer, n, inner);
  else if (dtype == 1) scan<i32>(isMax, x, out, outer, n, inner);
  else scan<u8>(isMax, x, out, outer, n, inner);
}
