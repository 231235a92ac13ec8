// Transposed 2-D convolution as an implicit GEMM that pulls instead of scattering: output
// pixel (y, x) receives x[iy, ix] · w[c, o, kh, kw] wherever y = iy·sh − ph + kh·dh (and
// likewise for x), so load_b keeps the taps whose offset divides by the stride and lands
// inside the input. No atomics, and every output is written once.
import type { Kernel } from '../../kernels.js';
import type { GpuHandle } from './buffer-pool.js';
import { convShader, runConv } from './conv-gemm.js';
import type { GpuRuntime } from './runtime.js';

const spec = () =>
  convShader('convTranspose2d', `
// Weights are [Cin, Cout/groups, kH, kW]: row m (output channel within the group) and
// k = (c, kh, kw) over the group's input channels.
fn load_a(m: u32, k: u32) -> f32 {
  let taps = k_h() * k_w();
  return w[((grp * (in_c() / groups()) + k / taps) * dim_m + m) * taps + k % taps];
}
fn load_b(k: u32, q: u32) -> f32 {
  let t = tap(k);
  let p = pixel(q);
  let ty = i32(p.y) + i32(pad_h()) - i32(t.y * dil_h());
  let tx = i32(p.z) + i32(pad_w()) - i32(t.z * dil_w());
  if (ty < 0 || tx < 0) { return 0.0; }
  let iy = u32(ty) / stride_h();
  let ix = u32(tx) / stride_w();
  if (iy * stride_h() != u32(ty) || ix * stride_w() != u32(tx) || iy >= in_h() || ix >= in_w()) { return 0.0; }
  let channel = grp * (in_c() / groups()) + t.x;
  return x[((p.x * in_c() + channel) * in_h() + iy) * in_w() + ix];
}`);

/**
 * `out[n, g·Cout/groups + oc, ih·sh − ph + kh·dh, iw·sw − pw + kw·dw] += x[n,ci,ih,iw] · w[ci,oc,kh,kw]`
 * over input channels ci of group g, plus `bias`; out.shape carries outputPadding.
 */
export function convTranspose2dKernel(rt: GpuRuntime): Kernel<'convTranspose2d', GpuHandle> {
  return (inputs, attrs, out) => {
    const [, groupOutChannels, kernelH, kernelW] = inputs[1].shape;
    return runConv(rt, spec(), inputs, attrs, out.shape, [groupOutChannels, (inputs[0].shape[1] / attrs.groups) * kernelH * kernelW]);
  };
}
