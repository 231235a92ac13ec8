// torch.index_add_ in place on the GPU, deterministic with repeated indices and without
// atomics (WGSL has no float atomics): a first pass links each entry to the next one with
// the same index and marks the first of each, then one thread per (first entry, column)
// walks its chain in index order, adding into the target as the js reference does. The
// linking pass compares indices pairwise, O(n²) in the number of indices n (a batch's, not
// the table's), which is cheap next to the row traffic for the batches optimisers see.
import type { InPlaceKernel } from '../../kernels.js';
import { sizeOf } from '../../shape.js';
import type { GpuHandle } from './buffer-pool.js';
import { aroundAxis, groupsFor } from './layout.js';
import { STATUS_CODE, type GpuRuntime } from './runtime.js';
import { entryPoint, floatBits, read, REPORT_BAD_INDEX, shader, statusBinding, WORKGROUP_SIZE, write } from './wgsl.js';

/**
 * Per index k: `links[k]` = the next position with the same value (or -1), `links[n + k]` =
 * 1 if k is its value's first position; `links[2n]` becomes 1 if any index is out of range.
 */
function linkPass() {
  return shader('indexAddLinks', [read('idx', 'i32'), write('links', 'i32'), statusBinding], () => `${REPORT_BAD_INDEX}
${entryPoint(`
  let n = pu(0u);
  if (gid >= n) { return; }
  let size = p(1u);
  let v = idx[gid];
  if (v < 0 || v >= size) {
    report_bad_index(pu(3u), v, pu(2u), u32(size));
    links[2u * n] = 1;
  }
  var first = 1;
  for (var j = 0u; j < gid; j++) {
    if (idx[j] == v) { first = 0; break; }
  }
  var next = -1;
  for (var j = gid + 1u; j < n; j++) {
    if (idx[j] == v) { next = i32(j); break; }
  }
  links[gid] = next;
  links[n + gid] = first;`)}`);
}

/** One thread per (outer, first entry, column): the chain's rows added into the target in order. */
function addPass() {
  return shader('indexAddRows', [read('idx', 'i32'), read('links', 'i32'), read('src', 'f32'), write('table', 'f32')], () => entryPoint(`
  let total = pu(0u);
  if (gid >= total) { return; }
  let inner = pu(1u);
  let m = pu(2u);
  let size = pu(3u);
  let alpha = pf(4u);
  // Nothing is written when any index was out of range.
  if (links[2u * m] != 0) { return; }
  let row = gid / inner;
  let i = gid - row * inner;
  let o = row / m;
  let k = row - o * m;
  if (links[m + k] == 0) { return; }
  let at = (o * size + u32(idx[k])) * inner + i;
  var acc = table[at];
  var j = i32(k);
  loop {
    if (j < 0) { break; }
    acc = acc + alpha * src[(o * m + u32(j)) * inner + i];
    j = links[u32(j)];
  }
  table[at] = acc;`));
}

/** `target[o, index[k], i] += alpha · source[o, k, i]`; a bad index leaves the target unchanged and throws at the next readback. */
export function indexAddKernel(rt: GpuRuntime): InPlaceKernel<'indexAdd', GpuHandle> {
  return (target, [index, source], { axis, alpha }) => {
    const m = sizeOf(index.shape);
    const [outer, size, inner] = aroundAxis(target.shape, axis);
    const total = outer * m * inner;
    if (m === 0 || total === 0) return;
    rt.fuser.materializeReaders(target.handle);
    const links = rt.output(2 * m + 1);
    rt.clear(links, (2 * m + 1) * 4);
    rt.run(linkPass(), [index.handle, links, rt.statusBuffer], [m, size, axis, STATUS_CODE.indexAdd], groupsFor(m, WORKGROUP_SIZE));
    rt.run(addPass(), [index.handle, links, source.handle, target.handle], [total, inner, m, size, floatBits(alpha)], groupsFor(total, WORKGROUP_SIZE));
    rt.pool.release(links);
  };
}
