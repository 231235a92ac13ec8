// The fused LSTM cell update on WebGPU: one thread per hidden unit of a row reads its four
// gate pre-activations (i|f|g|o) and cPrev, and writes h and c into the packed output.
import type { Kernel } from '../../kernels.js';
import type { GpuHandle } from './buffer-pool.js';
import { groupsFor } from './layout.js';
import { LSTM_UNIT_ACTIVATIONS } from './lstm-common.wgsl.js';
import type { GpuRuntime } from './runtime.js';
import { SCALAR_MATH } from './scalar-math.wgsl.js';
import { entryPoint, read, shader, WORKGROUP_SIZE, write } from './wgsl.js';

const spec = () =>
  shader('lstmGates', [read('gates', 'f32'), read('cp', 'f32'), write('ys', 'f32')], () => `${SCALAR_MATH}
${entryPoint(`${LSTM_UNIT_ACTIVATIONS}
  let c = f * cp[gid] + i * g;
  ys[b * 2u * H + j] = o * tanh_f(c);
  ys[b * 2u * H + H + j] = c;`)}`);

/** `[B, 2H]`: h | c of an LSTM step from its gate pre-activations and cPrev. */
export function lstmGatesKernel(rt: GpuRuntime): Kernel<'lstmGates', GpuHandle> {
  return ([gates, cPrev]) => {
    const [B, H] = cPrev.shape;
    const result = rt.output(B * 2 * H);
    rt.run(spec(), [gates.handle, cPrev.handle, result], [B, H], groupsFor(B * H, WORKGROUP_SIZE));
    return result;
  };
}
