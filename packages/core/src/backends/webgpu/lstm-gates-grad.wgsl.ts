// The backward of the fused LSTM cell update on WebGPU: one thread per hidden unit of a row
// recomputes the activations and writes the unit's four gate gradients and dcPrev.
import type { Kernel } from '../../kernels.js';
import type { GpuHandle } from './buffer-pool.js';
import { groupsFor } from './layout.js';
import { LSTM_UNIT_ACTIVATIONS } from './lstm-common.wgsl.js';
import type { GpuRuntime } from './runtime.js';
import { SCALAR_MATH } from './scalar-math.wgsl.js';
import { entryPoint, read, shader, WORKGROUP_SIZE, write } from './wgsl.js';

const spec = () =>
  shader('lstmGatesGrad', [read('gates', 'f32'), read('cp', 'f32'), read('dy', 'f32'), write('ys', 'f32')], () => `${SCALAR_MATH}
${entryPoint(`${LSTM_UNIT_ACTIVATIONS}
  let tc = tanh_f(f * cp[gid] + i * g);
  let dh = dy[b * 2u * H + j];
  // The gradient reaching c: its own plus the path through h = o·tanh(c).
  let dc = dy[b * 2u * H + H + j] + dh * o * (1.0 - tc * tc);
  let out = b * 5u * H + j;
  ys[out] = dc * g * i * (1.0 - i);
  ys[out + H] = dc * cp[gid] * f * (1.0 - f);
  ys[out + 2u * H] = dc * i * (1.0 - g * g);
  ys[out + 3u * H] = dh * tc * o * (1.0 - o);
  ys[out + 4u * H] = dc * f;`)}`);

/** `[B, 5H]`: dGates | dcPrev from the gates, cPrev and the gradient of h | c. */
export function lstmGatesGradKernel(rt: GpuRuntime): Kernel<'lstmGatesGrad', GpuHandle> {
  return ([gates, cPrev, gradOut]) => {
    const [B, H] = cPrev.shape;
    const result = rt.output(B * 5 * H);
    rt.run(spec(), [gates.handle, cPrev.handle, gradOut.handle, result], [B, H], groupsFor(B * H, WORKGROUP_SIZE));
    return result;
  };
}
