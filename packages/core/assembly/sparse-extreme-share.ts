// The first step of a max/min graph aggregation's backward: how each destination's gradient is
// split among the incoming edges that attained its extreme (evenly over ties, as
// torch.scatter_reduce's amax/amin), one number per output element, never one per edge.
import { firstRowOf } from './graph-rows';
import { ifMatches, matches } from './extreme-match';

/**
 * `out[i,h,f] = grad[i,h,f] / n`, n the number of CSR edges k of row i with
 * `weight[k,h] · x[colIndex[k],h,f] = y[i,h,f]`, for this thread's rows; 0 for rows without edges.
 */
export function sparseExtremeShare(
  x: usize, weight: usize, y: usize, grad: usize, rowPtr: usize, colIndex: usize, out: usize,
  rows: i32, heads: i32, features: i32, thread: i32, threads: i32,
): void {
  const first = firstRowOf(rowPtr, rows, thread, threads);
  const last = firstRowOf(rowPtr, rows, thread + 1, threads);
  const stride = heads * features;
  const one = f32x4.splat(1);
  const zero = f32x4.splat(0);
  for (let i = first; i < last; i++) {
    const start = load<i32>(rowPtr + (<usize>i << 2));
    const end = load<i32>(rowPtr + (<usize>(i + 1) << 2));
    const o = <usize>(i * stride) << 2;
    if (start == end) {
      memory.fill(out + o, 0, <usize>stride << 2);
      continue;
    }
    for (let h = 0; h < heads; h++) {
      let f = 0;
      for (; f + 4 <= features; f += 4) {
        const at = o + (<usize>(h * features + f) << 2);
        const target = v128.load(y + at);
        let ties = zero;
        for (let k = start; k < end; k++) {
          const w = f32x4.splat(load<f32>(weight + (<usize>(k * heads + h) << 2)));
          const v = v128.load(x + (<usize>(load<i32>(colIndex + (<usize>k << 2)) * stride + h * features + f) << 2));
          ties = f32x4.add(ties, v128.and(matches(w, v, target), one));
        }
        // A NaN aggregate matches no edge: its share is 0, not g / 0.
        v128.store(out + at, v128.and(f32x4.div(v128.load(grad + at), ties), f32x4.gt(ties, zero)));
      }
      for (; f < features; f++) {
        const at = o + (<usize>(h * features + f) << 2);
        const target = load<f32>(y + at);
        let ties: f32 = 0;
        for (let k = start; k < end; k++) {
          const w = load<f32>(weight + (<usize>(k * heads + h) << 2));
          ties += ifMatches(w, load<f32>(x + (<usize>(load<i32>(colIndex + (<usize>k << 2)) * stride + h * features + f) << 2)), target, 1);
        }
        store<f32>(out + at, ties > 0 ? load<f32>(grad + at) / ties : 0);
      }
    }
  }
}
