// torch.scatter_reduce: folds src into a copy of x at positions given by an index along one
// axis. Without includeSelf, every target that some index hits first resets to the
// reduction's identity; 'mean' divides by how many values reached each target.
import { nextRow, offsetOf } from './rows';
import { firstOutOfRange } from './index-check';
import { floorDivideInt, maxNaN, minNaN } from './scalar';

const SUM = 0, PROD = 1, MEAN = 2, AMAX = 3;

@inline function combineF(code: i32, a: f32, b: f32): f32 {
  switch (code) {
    case PROD: return a * b;
    case AMAX: return maxNaN(a, b);
    case SUM: case MEAN: return a + b;
    default: return minNaN(a, b);
  }
}

@inline function combineI(code: i32, a: i32, b: i32): i32 {
  switch (code) {
    case PROD: return a * b;
    case AMAX: return max<i32>(a, b);
    case SUM: case MEAN: return a + b;
    default: return min<i32>(a, b);
  }
}

@inline function identityF(code: i32): f32 {
  return code == PROD ? 1 : code == AMAX ? -Infinity : code == SUM || code == MEAN ? 0 : Infinity;
}

@inline function identityI(code: i32): i32 {
  return code == PROD ? 1 : code == AMAX ? i32.MIN_VALUE : code == SUM || code == MEAN ? 0 : i32.MAX_VALUE;
}

/**
 * One pass over the index: `phase` 0 resets each hit target to the identity (and its count
 * to 0), phase 1 folds the src value in (and counts it). Rows run over the index's last
 * dimension with inner strides `srcInner`, `outInner`; outer strides: index, src, out.
 */
function pass(
  phase: i32, code: i32, isFloat: bool, index: usize, src: usize, out: usize, counts: usize,
  axisStride: i32, srcInner: i32, outInner: i32, n: i32,
  rows: i32, ndim: i32, shape: usize, strides: usize, at: usize, offsets: usize,
): void {
  for (let r = 0; r < rows; r++) {
    const pi = offsetOf(offsets, 0);
    const ps = offsetOf(offsets, 1);
    const po = offsetOf(offsets, 2);
    for (let i = 0; i < n; i++) {
      const target = po + i * outInner + load<i32>(index + (<usize>(pi + i) << 2)) * axisStride;
      const t = out + (<usize>target << 2);
      const c = counts + (<usize>target << 2);
      if (phase == 0) {
        if (isFloat) store<f32>(t, identityF(code));
        else store<i32>(t, identityI(code));
        if (code == MEAN) store<i32>(c, 0);
      } else {
        const s = src + (<usize>(ps + i * srcInner) << 2);
        if (isFloat) store<f32>(t, combineF(code, load<f32>(t), load<f32>(s)));
        else store<i32>(t, combineI(code, load<i32>(t), load<i32>(s)));
        if (code == MEAN) store<i32>(c, load<i32>(c) + 1);
      }
    }
    nextRow(ndim, 3, shape, strides, at, offsets);
  }
}

/**
 * `out = x` with src folded in by op `code` (0 sum, 1 prod, 2 mean, 3 amax, 4 amin) for
 * float32 (`isFloat`) or int32. `counts` is scratch of `outSize` int32s, used by 'mean'.
 * The odometer state at `at`/`offsets` is reset by the host between passes via `offsets0`
 * (the starting offsets). Returns 0, or one more than the first bad index position.
 */
export function scatterReduce(
  code: i32, isFloat: bool, includeSelf: bool, x: usize, index: usize, src: usize, out: usize, counts: usize,
  outSize: i32, count: i32, size: i32, axisStride: i32, srcInner: i32, outInner: i32, n: i32,
  rows: i32, ndim: i32, shape: usize, strides: usize, at: usize, offsets: usize, offsets0: usize,
): i32 {
  const bad = firstOutOfRange(index, count, size);
  if (bad != 0) return bad;
  memory.copy(out, x, <usize>outSize << 2);
  if (code == MEAN) for (let i = 0; i < outSize; i++) store<i32>(counts + (<usize>i << 2), includeSelf ? 1 : 0);
  for (let phase = includeSelf ? 1 : 0; phase < 2; phase++) {
    memory.fill(at, 0, <usize>ndim << 2);
    memory.copy(offsets, offsets0, 12);
    pass(phase, code, isFloat, index, src, out, counts, axisStride, srcInner, outInner, n, rows, ndim, shape, strides, at, offsets);
  }
  if (code != MEAN) return 0;
  for (let i = 0; i < outSize; i++) {
    const k = <i32>load<i32>(counts + (<usize>i << 2));
    if (k == 0) continue;
    const t = out + (<usize>i << 2);
    if (isFloat) store<f32>(t, load<f32>(t) / <f32>k);
    else store<i32>(t, floorDivideInt(load<i32>(t), k));
  }
  return 0;
}
