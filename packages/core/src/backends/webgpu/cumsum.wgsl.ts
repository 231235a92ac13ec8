// Inclusive running sums along one axis. Many lines run one thread per line; few long
// lines are cut into blocks of 256: block sums, a (recursive) running sum of those, then
// each block rescanned from its base, so a single long line still spreads over the GPU.
// Float blocks use compensated (Kahan) summation, keeping close to the js backend's
// float64 accumulation; int32 wraps at every step.
import type { Kernel } from '../../kernels.js';
import type { GpuHandle } from './buffer-pool.js';
import { aroundAxis, groupsFor } from './layout.js';
import type { GpuRuntime } from './runtime.js';
import { entryPoint, read, shader, WGSL_TYPE, WORKGROUP_SIZE, write } from './wgsl.js';

/** Elements per block, and the line length and count from which lines are blocked. */
const BLOCK = 256;
const LONG_LINE = 4 * BLOCK;
const FEW_LINES = 1024;

// Parameter words: [threads, size, inner, blocks, mode, block length]. Thread t handles
// block t % blocks of line t / blocks (a line is `size` elements `inner` apart). Mode 0 writes the block's
// sum to `ys[t]`; mode 1 writes the running sums of the block, starting from the previous
// blocks' total in `bases`.
function blockShader(type: string) {
  const add =
    type === 'f32'
      ? `let y = xs[at] - carry;
      let t = acc + y;
      carry = (t - acc) - y;
      acc = t;`
      : 'acc = acc + xs[at];';
  return shader(`cumsum:${type}`, [read('xs', type), read('bases', type), write('ys', type)], () => entryPoint(`
  if (gid >= pu(0u)) { return; }
  let size = pu(1u);
  let inner = pu(2u);
  let blocks = pu(3u);
  let write_sums = pu(4u) == 1u;
  let line = gid / blocks;
  let block = gid - line * blocks;
  let o = line / inner;
  let origin = o * size * inner + (line - o * inner);
  var acc: ${type} = ${type}(0);
  var carry: ${type} = ${type}(0);
  if (write_sums && block > 0u) { acc = bases[gid - 1u]; }
  let length = pu(5u);
  for (var k = block * length; k < min((block + 1u) * length, size); k++) {
    let at = origin + k * inner;
    ${add}
    if (write_sums) { ys[at] = acc; }
  }
  if (!write_sums) { ys[gid] = acc; }`));
}

/** Running sums of `lines = outer · inner` lines of `size` elements into a new buffer. */
function scanLines(rt: GpuRuntime, type: string, input: GpuHandle, outer: number, size: number, inner: number): GpuHandle {
  const lines = outer * inner;
  const spec = blockShader(type);
  const result = rt.output(lines * size);
  const blocked = size >= LONG_LINE && lines < FEW_LINES;
  const blocks = blocked ? Math.ceil(size / BLOCK) : 1;
  if (!blocked) {
    // One block as long as the line, written from a zero base.
    rt.run(spec, [input, input, result], [lines, size, inner, 1, 1, size], groupsFor(lines, WORKGROUP_SIZE));
    return result;
  }
  const threads = lines * blocks;
  const sums = rt.output(threads);
  rt.run(spec, [input, input, sums], [threads, size, inner, blocks, 0, BLOCK], groupsFor(threads, WORKGROUP_SIZE));
  const bases = scanLines(rt, type, sums, lines, blocks, 1);
  rt.run(spec, [input, bases, result], [threads, size, inner, blocks, 1, BLOCK], groupsFor(threads, WORKGROUP_SIZE));
  rt.pool.release(sums);
  rt.pool.release(bases);
  return result;
}

/** `out[..., k, ...] = Σ_{j ≤ k} x[..., j, ...]` along `attrs.axis`. */
export function cumsumKernel(rt: GpuRuntime): Kernel<'cumsum', GpuHandle> {
  return ([x], { axis }, out) => {
    const [outer, size, inner] = aroundAxis(x.shape, axis);
    if (outer * size * inner === 0) return rt.output(0);
    return scanLines(rt, WGSL_TYPE[out.dtype], x.handle, outer, size, inner);
  };
}
