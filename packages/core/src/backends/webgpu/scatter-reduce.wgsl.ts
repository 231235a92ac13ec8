// torch.Tensor.scatter_reduce (torch 1.13) without float atomics: each output element pulls
// the src values aimed at it and combines them in index order. With a short index axis an
// output simply scans the entries that could target it. Otherwise the entries are first
// grouped by target on the GPU, CSR style: count per target (integer atomics), prefix-sum
// the counts into offsets, place each entry's src offset in its target's segment, then
// each output sorts its (short) segment and reduces it. int32 sums and products wrap and
// int32 means floor, as in the js backend.
import type { Kernel, ScatterReduceOp, TensorInfo } from '../../kernels.js';
import { sizeOf, stridesOf } from '../../shape.js';
import type { GpuHandle } from './buffer-pool.js';
import { groupsFor } from './layout.js';
import { STATUS_CODE, type GpuRuntime } from './runtime.js';
import { SCALAR_MATH } from './scalar-math.wgsl.js';
import { exclusiveScan } from './scan.wgsl.js';
import { entryPoint, read, REPORT_BAD_INDEX, shader, statusBinding, WORKGROUP_SIZE, write } from './wgsl.js';

function identity(reduce: ScatterReduceOp, float: boolean): string {
  const table: Record<ScatterReduceOp, [string, string]> = {
    sum: ['0.0', '0'],
    mean: ['0.0', '0'],
    prod: ['1.0', '1'],
    amax: ['-f_inf()', 'I32_MIN'],
    amin: ['f_inf()', 'I32_MAX'],
  };
  return table[reduce][float ? 0 : 1];
}

function combine(reduce: ScatterReduceOp, float: boolean): string {
  switch (reduce) {
    case 'sum':
    case 'mean':
      return 'acc + v';
    case 'prod':
      return 'acc * v';
    case 'amax':
      return float ? 'max_nan(acc, v)' : 'max(acc, v)';
    case 'amin':
      return float ? 'min_nan(acc, v)' : 'min(acc, v)';
  }
}

// Parameter words: [n, rank, axis, axis size, index length along axis, includeSelf, status
// code, x shape, index shape, index strides, src strides].
function scatterShader(reduce: ScatterReduceOp, float: boolean) {
  const type = float ? 'f32' : 'i32';
  const mean = reduce !== 'mean' ? 'acc' : float ? 'acc / f32(count)' : 'floor_div_i(acc, count)';
  return shader(`scatterReduce:${reduce}:${type}`, [read('xs', type), read('idx', 'i32'), read('src', type), write('ys', type), statusBinding], () => `${SCALAR_MATH}
${REPORT_BAD_INDEX}
${entryPoint(`
  if (gid >= pu(0u)) { return; }
  let rank = pu(1u);
  let axis = pu(2u);
  var rest = gid;
  var dest = 0i;
  var index_base = 0i;
  var src_base = 0i;
  var reachable = true;
  for (var d = i32(rank) - 1; d >= 0; d--) {
    let du = u32(d);
    let size = pu(7u + du);
    let c = rest % size;
    rest = rest / size;
    if (du == axis) {
      dest = i32(c);
    } else {
      reachable = reachable && c < pu(7u + rank + du);
      index_base += i32(c) * p(7u + 2u * rank + du);
      src_base += i32(c) * p(7u + 3u * rank + du);
    }
  }
  let self_value = xs[gid];
  if (!reachable) { ys[gid] = self_value; return; }
  let include_self = pu(5u) != 0u;
  var acc: ${type} = select(${identity(reduce, float)}, self_value, include_self);
  var count = select(0, 1, include_self);
  var hit = false;
  let length = pu(4u);
  let size = p(3u);
  let index_step = p(7u + 2u * rank + axis);
  let src_step = p(7u + 3u * rank + axis);
  for (var j = 0u; j < length; j++) {
    let e = idx[index_base + i32(j) * index_step];
    if (dest == 0 && (e < 0 || e >= size)) { report_bad_index(pu(6u), e, axis, u32(size)); }
    if (e == dest) {
      let v = src[src_base + i32(j) * src_step];
      acc = ${combine(reduce, float)};
      count += 1;
      hit = true;
    }
  }
  ys[gid] = select(self_value, ${mean}, hit);`)}`);
}

/** Index axes at most this long are scanned by each output; longer ones go through CSR. */
const SCAN_LIMIT = 32;
/** Segments up to this long are sorted into index order (deterministic float sums). */
const SORT_LIMIT = 64;

// Parameter words of the entry passes: [entries, rank, axis, axis size, status code, mode,
// index shape, x strides, src strides]. Each thread handles one index entry p, finding its
// target in x and its offset in src; mode 0 counts targets, mode 1 places src offsets.
const entryPass = () =>
  shader('scatterReduce:entries', [read('idx', 'i32'), write('counts', 'atomic<u32>'), read('offsets', 'u32'), write('order', 'u32'), statusBinding], () => `${REPORT_BAD_INDEX}
${entryPoint(`
  if (gid >= pu(0u)) { return; }
  let rank = pu(1u);
  let axis = pu(2u);
  let size = p(3u);
  let k = idx[gid];
  if (k < 0 || k >= size) {
    if (pu(5u) == 0u) { report_bad_index(pu(4u), k, axis, u32(size)); }
    return;
  }
  var rest = gid;
  var dest = 0i;
  var origin = 0i;
  for (var d = i32(rank) - 1; d >= 0; d--) {
    let du = u32(d);
    let extent = pu(6u + du);
    let c = i32(rest % extent);
    rest = rest / extent;
    dest += select(c, k, du == axis) * p(6u + rank + du);
    origin += c * p(6u + 2u * rank + du);
  }
  let slot = atomicAdd(&counts[dest], 1u);
  if (pu(5u) == 1u) { order[offsets[dest] + slot] = u32(origin); }`)}`);

function segmentShader(reduce: ScatterReduceOp, float: boolean) {
  const type = float ? 'f32' : 'i32';
  const mean = reduce !== 'mean' ? 'acc' : float ? 'acc / f32(count)' : 'floor_div_i(acc, count)';
  return shader(`scatterReduce:segments:${reduce}:${type}`, [read('xs', type), read('src', type), read('offsets', 'u32'), write('order', 'u32'), write('ys', type)], () => `${SCALAR_MATH}
${entryPoint(`
  if (gid >= pu(0u)) { return; }
  let start = offsets[gid];
  let end = offsets[gid + 1u];
  let self_value = xs[gid];
  if (start == end) { ys[gid] = self_value; return; }
  // Atomics placed the entries in any order; short segments are sorted back into index order.
  if (end - start <= ${SORT_LIMIT}u) {
    for (var i = start + 1u; i < end; i++) {
      let v = order[i];
      var j = i;
      while (j > start && order[j - 1u] > v) {
        order[j] = order[j - 1u];
        j--;
      }
      order[j] = v;
    }
  }
  let include_self = pu(1u) != 0u;
  var acc: ${type} = select(${identity(reduce, float)}, self_value, include_self);
  var count = select(0, 1, include_self);
  for (var i = start; i < end; i++) {
    let v = src[order[i]];
    acc = ${combine(reduce, float)};
    count += 1;
  }
  ys[gid] = ${mean};`)}`);
}

/** The CSR path: group the entries by target, then reduce each target's segment. */
function scatterCsr(rt: GpuRuntime, [x, index, src]: readonly TensorInfo<GpuHandle>[], axis: number, reduce: ScatterReduceOp, includeSelf: boolean): GpuHandle {
  const n = sizeOf(x.shape);
  const entries = sizeOf(index.shape);
  const counts = rt.output(n);
  const words = [entries, index.shape.length, axis, x.shape[axis], STATUS_CODE.scatterReduce];
  const shapes = [...index.shape, ...stridesOf(x.shape), ...stridesOf(src.shape)];
  const order = rt.output(Math.max(entries, 1));
  rt.clear(counts, n * 4);
  // The counting pass reads no offsets and writes no order: index and order stand in.
  rt.run(entryPass(), [index.handle, counts, index.handle, order, rt.statusBuffer], [...words, 0, ...shapes], groupsFor(entries, WORKGROUP_SIZE));
  const offsets = exclusiveScan(rt, counts, n);
  rt.clear(counts, n * 4);
  rt.run(entryPass(), [index.handle, counts, offsets, order, rt.statusBuffer], [...words, 1, ...shapes], groupsFor(entries, WORKGROUP_SIZE));
  const result = rt.output(n);
  rt.run(segmentShader(reduce, x.dtype === 'float32'), [x.handle, src.handle, offsets, order, result], [n, includeSelf ? 1 : 0], groupsFor(n, WORKGROUP_SIZE));
  [counts, offsets, order].forEach((h) => rt.pool.release(h));
  return result;
}

/**
 * For each position p of index's shape, combines `src[p]` into `out[p with its axis
 * coordinate replaced by index[p]]`; targets that receive nothing keep x's value.
 */
export function scatterReduceKernel(rt: GpuRuntime): Kernel<'scatterReduce', GpuHandle> {
  return ([x, index, src], { axis, reduce, includeSelf }, out) => {
    const n = sizeOf(out.shape);
    if (n === 0) return rt.output(0);
    if ((index.shape[axis] ?? 1) > SCAN_LIMIT) return scatterCsr(rt, [x, index, src], axis, reduce, includeSelf);
    const rank = x.shape.length;
    const params = [n, rank, axis, x.shape[axis], index.shape[axis] ?? 1, includeSelf ? 1 : 0, STATUS_CODE.scatterReduce, ...x.shape, ...index.shape, ...stridesOf(index.shape), ...stridesOf(src.shape)];
    const result = rt.output(n);
    rt.run(scatterShader(reduce, x.dtype === 'float32'), [x.handle, index.handle, src.handle, result, rt.statusBuffer], params, groupsFor(n, WORKGROUP_SIZE));
    return result;
  };
}
