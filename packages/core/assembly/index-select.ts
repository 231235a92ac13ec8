// torch.index_select: whole slices along one axis, picked by a 1-D int32 index, copied as
// contiguous blocks of the tensor viewed as [outer, size, inner].
import { copyWords } from './copy';
import { firstOutOfRange } from './index-check';

/**
 * `out[o, j, :] = x[o, index[j], :]` for `m` indices; `width` is the element size in bytes.
 * Returns 0, or one more than the position of the first index outside [0, size).
 */
export function indexSelect(width: i32, x: usize, index: usize, out: usize, outer: i32, size: i32, inner: i32, m: i32): i32 {
  const bad = firstOutOfRange(index, m, size);
  if (bad != 0) return bad;
  const block = <usize>inner * <usize>width;
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < m; j++) {
      const k = load<i32>(index + (<usize>j << 2));
      const to = out + <usize>(o * m + j) * block;
      const from = x + <usize>(o * size + k) * block;
      // Words (float32, int32) copy inline: memory.copy is a runtime call, slow for short slices.
      if (width == 4) copyWords(to, from, inner);
      else memory.copy(to, from, block);
    }
  }
  return 0;
}
