// Per-edge dot products of a destination row and a source row (a sampled dense-dense
// product): the gradient of a weighted aggregation with respect to its edge weights.
import { firstRowOf } from './graph-rows';
import { hsum, madd } from './simd';

/** `out[k,h] = Σ_f a[i,h,f] · b[colIndex[k],h,f]` for the CSR edges k of this thread's rows i. */
export function edgeDot(
  a: usize, b: usize, rowPtr: usize, colIndex: usize, out: usize,
  rows: i32, heads: i32, features: i32, thread: i32, threads: i32,
): void {
  const first = firstRowOf(rowPtr, rows, thread, threads);
  const last = firstRowOf(rowPtr, rows, thread + 1, threads);
  const rowFloats = heads * features;
  for (let i = first; i < last; i++) {
    const end = load<i32>(rowPtr + (<usize>(i + 1) << 2));
    for (let k = load<i32>(rowPtr + (<usize>i << 2)); k < end; k++) {
      const src = load<i32>(colIndex + (<usize>k << 2));
      for (let h = 0; h < heads; h++) {
        const pa = a + (<usize>(i * rowFloats + h * features) << 2);
        const pb = b + (<usize>(src * rowFloats + h * features) << 2);
        let acc = f32x4.splat(0);
        let f = 0;
        for (; f + 4 <= features; f += 4) acc = madd(v128.load(pa + (<usize>f << 2)), v128.load(pb + (<usize>f << 2)), acc);
        let dot = hsum(acc);
        for (; f < features; f++) dot += load<f32>(pa + (<usize>f << 2)) * load<f32>(pb + (<usize>f << 2));
        store<f32>(out + (<usize>(k * heads + h) << 2), dot);
      }
    }
  }
}
