// The fused GRU cell update on WebGPU: one thread per hidden unit of a row reads its r, z, n
// projections (the hidden n block multiplied by r, as in PyTorch) and hPrev, and writes h.
import type { Kernel } from '../../kernels.js';
import type { GpuHandle } from './buffer-pool.js';
import { groupsFor } from './layout.js';
import type { GpuRuntime } from './runtime.js';
import { SCALAR_MATH } from './scalar-math.wgsl.js';
import { entryPoint, read, shader, WORKGROUP_SIZE, write } from './wgsl.js';

const spec = () =>
  shader('gruGates', [read('gi', 'f32'), read('gh', 'f32'), read('hp', 'f32'), write('ys', 'f32')], () => `${SCALAR_MATH}
${entryPoint(`
  let H = pu(1u);
  if (gid >= pu(0u) * H) { return; }
  let at = (gid / H) * 3u * H + gid % H;
  let r = sigmoid_f(gi[at] + gh[at]);
  let z = sigmoid_f(gi[at + H] + gh[at + H]);
  let n = tanh_f(gi[at + 2u * H] + r * gh[at + 2u * H]);
  ys[gid] = (1.0 - z) * n + z * hp[gid];`)}`);

/** `[B, H]`: h of a GRU step from its input and hidden projections and hPrev. */
export function gruGatesKernel(rt: GpuRuntime): Kernel<'gruGates', GpuHandle> {
  return ([gi, gh, hPrev]) => {
    const [B, H] = hPrev.shape;
    const result = rt.output(B * H);
    rt.run(spec(), [gi.handle, gh.handle, hPrev.handle, result], [B, H], groupsFor(B * H, WORKGROUP_SIZE));
    return result;
  };
}
