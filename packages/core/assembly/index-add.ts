// torch.index_add_ in place, for the row updates optimisers apply to large tables: the
// target viewed as [outer, size, inner] gains alpha · source[o, k, :] at row index[k].
import { firstOutOfRange } from './index-check';

/**
 * `target[o, index[k], i] += alpha · source[o, k, i]` for `m` indices, in index order.
 * Returns 0, or (writing nothing) one more than the position of the first index outside [0, size).
 */
export function indexAdd(target: usize, index: usize, source: usize, outer: i32, size: i32, inner: i32, m: i32, alpha: f32): i32 {
  const bad = firstOutOfRange(index, m, size);
  if (bad != 0) return bad;
  const scale = f32x4.splat(alpha);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < m; j++) {
      const k = load<i32>(index + (<usize>j << 2));
      const to = target + (<usize>(o * size + k) * <usize>inner << 2);
      const from = source + (<usize>(o * m + j) * <usize>inner << 2);
      let i = 0;
      // NOTE: a multiply then an add (never a fused multiply-add), rounding as js and WGSL do.
      for (; i + 4 <= inner; i += 4) {
        const at = <usize>i << 2;
        v128.store(to + at, f32x4.add(v128.load(to + at), f32x4.mul(scale, v128.load(from + at))));
      }
      for (; i < inner; i++) {
        const at = <usize>i << 2;
        store<f32>(to + at, load<f32>(to + at) + alpha * load<f32>(from + at));
      }
    }
  }
  return 0;
}
