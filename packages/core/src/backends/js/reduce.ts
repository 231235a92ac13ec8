// Sum, product, max and min over a set of axes. Each output element walks the same list of
// offsets (the reduced axes) from its own base offset (the kept axes).
import { allocArray, type DType } from '../../dtype.js';
import type { Kernel, ReduceOp } from '../../kernels.js';
import { stridesOf } from '../../shape.js';
import type { JsHandle } from './index.js';
import { maxPropagateNaN, minPropagateNaN } from './scalar-math.js';
import { stridedOffsets } from './strided-offsets.js';

/** The value a reduction starts from, per dtype (bool max is `any`, bool min is `all`). */
function initialValue(op: ReduceOp, dtype: DType): number {
  switch (op) {
    case 'sum':
      return 0;
    case 'prod':
      return 1;
    case 'max':
      return dtype === 'float32' ? -Infinity : dtype === 'int32' ? -2147483648 : 0;
    case 'min':
      return dtype === 'float32' ? Infinity : dtype === 'int32' ? 2147483647 : 1;
  }
}

/** The accumulation step; int32 sums and products wrap exactly at every step. */
function combiner(op: ReduceOp, dtype: DType): (acc: number, v: number) => number {
  const int = dtype !== 'float32';
  switch (op) {
    case 'sum':
      return int ? (acc, v) => (acc + v) | 0 : (acc, v) => acc + v;
    case 'prod':
      return int ? Math.imul : (acc, v) => acc * v;
    case 'max':
      return maxPropagateNaN;
    case 'min':
      return minPropagateNaN;
  }
}

/**
 * Reduces `x` over `attrs.axes` (sorted, non-negative); the output holds the kept axes in
 * order. Float sums and products accumulate in float64. No axes is a copy.
 */
export const reduce: Kernel<'reduce', JsHandle> = ([x], { op, axes }, out) => {
  const strides = stridesOf(x.shape);
  const kept = x.shape.map((_, d) => d).filter((d) => !axes.includes(d));
  const bases = stridedOffsets(kept.map((d) => x.shape[d]), kept.map((d) => strides[d]), 0);
  const reduced = stridedOffsets(axes.map((d) => x.shape[d]), axes.map((d) => strides[d]), 0);
  const combine = combiner(op, x.dtype);
  const initial = initialValue(op, x.dtype);
  const values = x.handle;
  const result = allocArray(out.dtype, bases.length);
  for (let o = 0; o < bases.length; o++) {
    const base = bases[o];
    let acc = initial;
    for (let r = 0; r < reduced.length; r++) acc = combine(acc, values[base + reduced[r]]);
    result[o] = acc;
  }
  return result;
};
