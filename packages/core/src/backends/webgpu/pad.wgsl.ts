// Constant padding (and cropping, for negative amounts): each output element maps back to
// an input coordinate per dimension, or takes the fill value where that falls outside.
import type { Kernel } from '../../kernels.js';
import { sizeOf, stridesOf } from '../../shape.js';
import type { GpuHandle } from './buffer-pool.js';
import { groupsFor } from './layout.js';
import type { GpuRuntime } from './runtime.js';
import { entryPoint, floatBits, read, shader, WORKGROUP_SIZE, write } from './wgsl.js';

/** `out[o] = x[o − before]` where that is inside x, else `attrs.value`; `pads[d] = [before, after]`. */
export function padKernel(rt: GpuRuntime): Kernel<'pad', GpuHandle> {
  return ([x], { pads, value }, out) => {
    const n = sizeOf(out.shape);
    const rank = out.shape.length;
    const spec = shader('pad', [read('xs', 'u32'), write('ys', 'u32')], () => entryPoint(`
  let n = pu(0u);
  if (gid >= n) { return; }
  let rank = pu(1u);
  var rest = gid;
  var off = 0i;
  var inside = true;
  for (var d = i32(rank) - 1; d >= 0; d--) {
    let du = u32(d);
    let size = pu(3u + du);
    let c = i32(rest % size) - p(3u + 2u * rank + du);
    rest = rest / size;
    inside = inside && c >= 0 && c < p(3u + rank + du);
    off += c * p(3u + 3u * rank + du);
  }
  ys[gid] = select(pu(2u), xs[max(off, 0)], inside);`));
    const bits = out.dtype === 'float32' ? floatBits(value) : value;
    const result = rt.output(n);
    rt.run(spec, [x.handle, result], [n, rank, bits, ...out.shape, ...x.shape, ...pads.map((p) => p[0]), ...stridesOf(x.shape)], groupsFor(n, WORKGROUP_SIZE));
    return result;
  };
}
