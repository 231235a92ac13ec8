// Inclusive running sums along one axis of a tensor viewed as [outer, n, inner]. Float sums
// accumulate in f64 and round once per output, as the js backend's do.

/** `out[o, k, j] = Σ_{i<=k} x[o, i, j]`; `isFloat` selects float32 over int32 (which wraps). */
export function cumsum(isFloat: bool, x: usize, out: usize, outer: i32, n: i32, inner: i32): void {
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < inner; j++) {
      const base = <usize>(o * n * inner + j) << 2;
      const step = <usize>inner << 2;
      if (isFloat) {
        let acc: f64 = 0;
        for (let k = 0; k < n; k++) {
          const at = base + <usize>k * step;
          acc += <f64>load<f32>(x + at);
          store<f32>(out + at, <f32>acc);
        }
      } else {
        let acc: i32 = 0;
        for (let k = 0; k < n; k++) {
          const at = base + <usize>k * step;
          acc += load<i32>(x + at);
          store<i32>(out + at, acc);
        }
      }
    }
  }
}
