// The backward of the fused GRU cell update on WebGPU: one thread per hidden unit of a row
// recomputes r, z, n and writes the unit's dGi (r|z|n), dGh (r|z|n) and dhPrev.
import type { Kernel } from '../../kernels.js';
import type { GpuHandle } from './buffer-pool.js';
import { groupsFor } from './layout.js';
import type { GpuRuntime } from './runtime.js';
import { SCALAR_MATH } from './scalar-math.wgsl.js';
import { entryPoint, read, shader, WORKGROUP_SIZE, write } from './wgsl.js';

const spec = () =>
  shader('gruGatesGrad', [read('gi', 'f32'), read('gh', 'f32'), read('hp', 'f32'), read('dy', 'f32'), write('ys', 'f32')], () => `${SCALAR_MATH}
${entryPoint(`
  let H = pu(1u);
  if (gid >= pu(0u) * H) { return; }
  let b = gid / H;
  let j = gid % H;
  let at = b * 3u * H + j;
  let r = sigmoid_f(gi[at] + gh[at]);
  let z = sigmoid_f(gi[at + H] + gh[at + H]);
  let hn = gh[at + 2u * H];
  let n = tanh_f(gi[at + 2u * H] + r * hn);
  let dh = dy[gid];
  let dn = dh * (1.0 - z) * (1.0 - n * n);
  let dr = dn * hn * r * (1.0 - r);
  let dz = dh * (hp[gid] - n) * z * (1.0 - z);
  let out = b * 7u * H + j;
  ys[out] = dr;
  ys[out + H] = dz;
  ys[out + 2u * H] = dn;
  ys[out + 3u * H] = dr;
  ys[out + 4u * H] = dz;
  ys[out + 5u * H] = dn * r;
  ys[out + 6u * H] = dh * z;`)}`);

/** `[B, 7H]`: dGi | dGh | dhPrev from the projections, hPrev and the gradient of h. */
export function gruGatesGradKernel(rt: GpuRuntime): Kernel<'gruGatesGrad', GpuHandle> {
  return ([gi, gh, hPrev, gradOut]) => {
    const [B, H] = hPrev.shape;
    const result = rt.output(B * 7 * H);
    rt.run(spec(), [gi.handle, gh.handle, hPrev.handle, gradOut.handle, result], [B, H], groupsFor(B * H, WORKGROUP_SIZE));
    return result;
  };
}
