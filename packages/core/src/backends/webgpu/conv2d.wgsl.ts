// 2-D convolution as an implicit GEMM, one per group: out[o, q] = Σ_k w[o, k] · col[k, q]
// with k running over (channel, kh, kw) of the group and q over (image, oh, ow). The im2col
// matrix is never stored: load_b computes each element from x, zero in the padding.
import type { Kernel } from '../../kernels.js';
import type { GpuHandle } from './buffer-pool.js';
import { convShader, runConv } from './conv-gemm.js';
import type { GpuRuntime } from './runtime.js';

const spec = () =>
  convShader('conv2d', `
// The group's weights [M, K] are contiguous rows.
fn load_a(m: u32, k: u32) -> f32 { return w[(grp * dim_m + m) * dim_k + k]; }
fn load_b(k: u32, q: u32) -> f32 {
  let t = tap(k);
  let p = pixel(q);
  let ih = i32(p.y * stride_h() + t.y * dil_h()) - i32(pad_h());
  let iw = i32(p.z * stride_w() + t.z * dil_w()) - i32(pad_w());
  if (ih < 0 || iw < 0 || ih >= i32(in_h()) || iw >= i32(in_w())) { return 0.0; }
  let channel = grp * (in_c() / groups()) + t.x;
  return x[((p.x * in_c() + channel) * in_h() + u32(ih)) * in_w() + u32(iw)];
}`);

/**
 * `out[n,o,oh,ow] = bias[o] + Σ_{c,kh,kw} x[n, g·C/groups + c, oh·sh − ph + kh·dh, ow·sw − pw + kw·dw] · w[o,c,kh,kw]`.
 */
export function conv2dKernel(rt: GpuRuntime): Kernel<'conv2d', GpuHandle> {
  return (inputs, attrs, out) => {
    const [outChannels, groupChannels, kernelH, kernelW] = inputs[1].shape;
    return runConv(rt, spec(), inputs, attrs, out.shape, [outChannels / attrs.groups, groupChannels * kernelH * kernelW]);
  };
}
