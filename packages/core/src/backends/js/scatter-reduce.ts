// torch.Tensor.scatter_reduce (torch 1.13): reduces src into a copy of x at the positions an
// index names along one axis. Accumulation runs in a float64 copy of x; int32 sums and
// products wrap at every step and int32 means floor, as PyTorch's integer division does.
import { allocArray } from '../../dtype.js';
import type { Kernel, ScatterReduceOp } from '../../kernels.js';
import { stridesOf } from '../../shape.js';
import type { JsHandle } from './index.js';
import { checkIndex, offsetsBesideAxis } from './axis-layout.js';
import { floorDivideInt, maxPropagateNaN, minPropagateNaN } from './scalar-math.js';
import { stridedOffsets } from './strided-offsets.js';

/** Where a target that receives values starts when x's own value does not take part. */
const IDENTITY: Record<ScatterReduceOp, number> = { sum: 0, prod: 1, mean: 0, amax: -Infinity, amin: Infinity };

function combiner(reduce: ScatterReduceOp, int: boolean): (acc: number, v: number) => number {
  switch (reduce) {
    case 'sum':
    case 'mean':
      return int ? (acc, v) => (acc + v) | 0 : (acc, v) => acc + v;
    case 'prod':
      return int ? Math.imul : (acc, v) => acc * v;
    case 'amax':
      return maxPropagateNaN;
    case 'amin':
      return minPropagateNaN;
  }
}

/**
 * For each position p of index's shape, combines `src[p]` into `out[p with its axis
 * coordinate replaced by index[p]]`. With `includeSelf` false a target that receives
 * anything starts from the reduction's identity (and mean does not count x's value);
 * targets that receive nothing keep x's value.
 */
export const scatterReduce: Kernel<'scatterReduce', JsHandle> = ([x, index, src], { axis, reduce, includeSelf }, out) => {
  const targets = offsetsBesideAxis(index.shape, x.shape, axis);
  const sources = stridedOffsets(index.shape, stridesOf(src.shape), 0);
  const stride = stridesOf(x.shape)[axis];
  const size = x.shape[axis];
  const indices = index.handle;
  for (let i = 0; i < targets.length; i++) {
    checkIndex('scatterReduce', indices[i], axis, size, 'out of bounds');
    targets[i] += indices[i] * stride;
  }
  const acc = Float64Array.from(x.handle);
  // Each target counts x's value as one element; mean divides by the count at the end.
  const counts = new Int32Array(acc.length).fill(1);
  if (!includeSelf) {
    for (const t of targets) {
      acc[t] = IDENTITY[reduce];
      counts[t] = 0;
    }
  }
  const int = x.dtype === 'int32';
  const combine = combiner(reduce, int);
  const values = src.handle;
  for (let i = 0; i < targets.length; i++) {
    const t = targets[i];
    acc[t] = combine(acc[t], values[sources[i]]);
    counts[t]++;
  }
  if (reduce === 'mean') {
    for (let t = 0; t < acc.length; t++) acc[t] = int ? floorDivideInt(acc[t], counts[t]) : acc[t] / counts[t];
  }
  const result = allocArray(out.dtype, acc.length);
  result.set(acc);
  return result;
};
