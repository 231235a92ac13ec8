// 2-D convolution (cross-correlation, as PyTorch's) as im2col and a matrix product: for each
// image and group, the input patches are laid out as the columns of a
// `[C/groups·kH·kW, Ho·Wo]` matrix (zeros where a patch covers padding), and the group's
// weights `[O/groups, C/groups·kH·kW]` multiply it.
import { allocArray } from '../../dtype.js';
import type { Kernel } from '../../kernels.js';
import { validRange } from './conv-range.js';
import { gemmFloat } from './gemm.js';
import type { JsHandle } from './index.js';

/**
 * `out[n,o,oh,ow] = bias[o] + Σ_{c,kh,kw} x[n, g·C/groups + c, oh·sh − ph + kh·dh, ow·sw − pw + kw·dw] · w[o,c,kh,kw]`
 * with g the group of output channel o and zeros outside x.
 */
export const conv2d: Kernel<'conv2d', JsHandle> = ([x, weight, bias], { stride, padding, dilation, groups }, out) => {
  const [batch, channels, height, width] = x.shape;
  const [outChannels, groupChannels, kernelH, kernelW] = weight.shape;
  const [outH, outW] = [out.shape[2], out.shape[3]];
  const [sh, sw] = stride;
  const groupOut = outChannels / groups;
  const patch = groupChannels * kernelH * kernelW;
  const pixels = outH * outW;
  const rowOffsets = Array.from({ length: kernelH }, (_, kh) => kh * dilation[0] - padding[0]);
  const colOffsets = Array.from({ length: kernelW }, (_, kw) => kw * dilation[1] - padding[1]);
  const rowRanges = rowOffsets.map((offset) => validRange(outH, height, sh, offset));
  const colRanges = colOffsets.map((offset) => validRange(outW, width, sw, offset));
  const xv = x.handle;
  const result = allocArray(out.dtype, batch * outChannels * pixels);
  const columns = new Float32Array(patch * pixels);
  const block = new Float64Array(groupOut * pixels);
  for (let n = 0; n < batch; n++) {
    for (let g = 0; g < groups; g++) {
      columns.fill(0);
      for (let c = 0; c < groupChannels; c++) {
        const xPlane = (n * channels + g * groupChannels + c) * height * width;
        for (let kh = 0; kh < kernelH; kh++) {
          const [ohLo, ohHi] = rowRanges[kh];
          for (let kw = 0; kw < kernelW; kw++) {
            const [owLo, owHi] = colRanges[kw];
            const column = ((c * kernelH + kh) * kernelW + kw) * pixels;
            for (let oh = ohLo; oh < ohHi; oh++) {
              const from = xPlane + (oh * sh + rowOffsets[kh]) * width + colOffsets[kw];
              const to = column + oh * outW;
              for (let ow = owLo; ow < owHi; ow++) columns[to + ow] = xv[from + ow * sw];
            }
          }
        }
      }
      gemmFloat(weight.handle, g * groupOut * patch, columns, 0, block, 0, groupOut, patch, pixels);
      if (bias !== undefined) {
        for (let o = 0; o < groupOut; o++) {
          const b = bias.handle[g * groupOut + o];
          for (let p = o * pixels; p < (o + 1) * pixels; p++) block[p] += b;
        }
      }
      result.set(block, (n * outChannels + g * groupOut) * pixels);
    }
  }
  return result;
};
