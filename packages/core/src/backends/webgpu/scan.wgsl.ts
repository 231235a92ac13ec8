// Exclusive prefix sums of u32 counts, for building CSR offsets on the GPU (scatterReduce's
// segments). Blocks of 256 are summed and scanned by one thread each, without barriers;
// the block sums are scanned the same way, recursively, until one block remains.
import type { GpuHandle } from './buffer-pool.js';
import { groupsFor } from './layout.js';
import type { GpuRuntime } from './runtime.js';
import { entryPoint, read, shader, WORKGROUP_SIZE, write } from './wgsl.js';

const BLOCK = 256;

const blockSums = () =>
  shader('scan:sums', [read('xs', 'u32'), write('sums', 'u32')], () => entryPoint(`
  let n = pu(0u);
  let start = gid * ${BLOCK}u;
  if (start >= n) { return; }
  var acc = 0u;
  for (var i = start; i < min(start + ${BLOCK}u, n); i++) { acc += xs[i]; }
  sums[gid] = acc;`));

// Word 1 says whether `bases` holds the scanned block sums (more than one block).
const blockScan = () =>
  shader('scan:blocks', [read('xs', 'u32'), read('bases', 'u32'), write('ys', 'u32')], () => entryPoint(`
  let n = pu(0u);
  let start = gid * ${BLOCK}u;
  if (start >= n) { return; }
  var acc = select(0u, bases[gid], pu(1u) != 0u);
  let end = min(start + ${BLOCK}u, n);
  for (var i = start; i < end; i++) {
    ys[i] = acc;
    acc += xs[i];
  }
  if (end == n) { ys[n] = acc; }`));

/** `n + 1` offsets: `out[i] = Σ_{j<i} counts[j]`, the last one the total. */
export function exclusiveScan(rt: GpuRuntime, counts: GpuHandle, n: number): GpuHandle {
  const blocks = Math.ceil(n / BLOCK);
  const result = rt.output(n + 1);
  if (blocks <= 1) {
    rt.run(blockScan(), [counts, counts, result], [n, 0], 1);
    return result;
  }
  const sums = rt.output(blocks);
  rt.run(blockSums(), [counts, sums], [n], groupsFor(blocks, WORKGROUP_SIZE));
  const bases = exclusiveScan(rt, sums, blocks);
  rt.run(blockScan(), [counts, bases, result], [n, 1], groupsFor(blocks, WORKGROUP_SIZE));
  rt.pool.release(sums);
  rt.pool.release(bases);
  return result;
}
