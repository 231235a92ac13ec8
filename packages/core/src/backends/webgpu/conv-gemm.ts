// What conv2d and convTranspose2d share as implicit GEMMs (one per group): the geometry as
// parameter words after the GEMM's own six and WGSL accessors for it, the decoding of a K
// index into (channel, kh, kw) and of an N index into (image, output pixel), the store of
// results (plus bias) into NCHW output, and the dispatch.
import type { KernelAttrs, TensorInfo } from '../../kernels.js';
import type { GpuHandle } from './buffer-pool.js';
import { GEMM_WORDS, gemmGroups, gemmShader } from './gemm.wgsl.js';
import type { GpuRuntime } from './runtime.js';
import { read, write } from './wgsl.js';

const NAMES = ['in_c', 'in_h', 'in_w', 'out_c', 'out_h', 'out_w', 'k_h', 'k_w', 'stride_h', 'stride_w', 'pad_h', 'pad_w', 'dil_h', 'dil_w', 'groups', 'has_bias'];

const COMMON = `
${NAMES.map((name, i) => `fn ${name}() -> u32 { return pu(${GEMM_WORDS + i}u); }`).join('\n')}
var<private> grp: u32;
fn setup(batch: u32) { grp = batch; }
// K index -> (channel within the group, kh, kw).
fn tap(k: u32) -> vec3<u32> {
  let taps = k_h() * k_w();
  return vec3<u32>(k / taps, (k % taps) / k_w(), k % k_w());
}
// N index -> (image, output row, output column).
fn pixel(q: u32) -> vec3<u32> {
  let plane = out_h() * out_w();
  let s = q % plane;
  return vec3<u32>(q / plane, s / out_w(), s % out_w());
}
// Row m of the group's GEMM is output channel grp·M + m.
fn store(m: u32, q: u32, v: vec4<f32>) {
  let o = grp * dim_m + m;
  let b = select(0.0, bias[o], has_bias() != 0u);
  let plane = out_h() * out_w();
  for (var j = 0u; j < 4u; j++) {
    let col = q + j;
    if (col < dim_n) {
      out[((col / plane) * out_c() + o) * plane + col % plane] = v[j] + b;
    }
  }
}`;

/** A convolution GEMM shader from its `load_a` and `load_b` (which may use tap/pixel). */
export function convShader(key: string, loads: string) {
  return gemmShader(key, [read('x', 'f32'), read('w', 'f32'), read('bias', 'f32'), write('out', 'f32')], { type: 'f32', customLoads: false, code: `${COMMON}\n${loads}` });
}

type ConvAttrs = KernelAttrs<'conv2d'>;

/**
 * Dispatches a convolution GEMM of `m × n × k` per group over `x` [N,C,H,W] into a new
 * [N, outChannels, outH, outW] buffer.
 */
export function runConv(
  rt: GpuRuntime,
  spec: ReturnType<typeof convShader>,
  [x, weight, bias]: readonly [TensorInfo<GpuHandle>, TensorInfo<GpuHandle>, TensorInfo<GpuHandle>?],
  { stride, padding, dilation, groups }: ConvAttrs,
  outShape: readonly number[],
  [m, k]: [number, number],
): GpuHandle {
  const [batch, inChannels, height, width] = x.shape;
  const [outChannels, outH, outW] = [outShape[1], outShape[2], outShape[3]];
  const n = batch * outH * outW;
  const result = rt.output(batch * outChannels * outH * outW);
  if (m * n === 0) return result;
  const { tilesN, tilesM, groups: workgroups } = gemmGroups(m, n, groups);
  const geometry = [
    inChannels, height, width, outChannels, outH, outW, weight.shape[2], weight.shape[3],
    stride[0], stride[1], padding[0], padding[1], dilation[0], dilation[1], groups, bias ? 1 : 0,
  ];
  rt.run(spec, [x.handle, weight.handle, (bias ?? x).handle, result], [m, n, k, tilesN, tilesM, groups, ...geometry], workgroups);
  return result;
}
