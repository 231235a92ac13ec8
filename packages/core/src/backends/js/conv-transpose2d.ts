// Transposed 2-D convolution, the adjoint of conv2d with the same parameters, as a matrix
// product and col2im: for each image and group, `wᵀ [Cout/groups·kH·kW, Cin/groups]` times
// the group's input `[Cin/groups, H·W]` gives every tap's contribution, which col2im adds onto
// the output positions conv2d would have read the input pixel from.
import { allocArray } from '../../dtype.js';
import type { Kernel } from '../../kernels.js';
import { validRange } from './conv-range.js';
import { gemmFloat, transposeMatrix } from './gemm.js';
import type { JsHandle } from './index.js';

/**
 * `out[n, g·Cout/groups + oc, ih·sh − ph + kh·dh, iw·sw − pw + kw·dw] += x[n,ci,ih,iw] · w[ci,oc,kh,kw]`
 * over the input channels ci of group g, plus `bias`; out.shape carries outputPadding.
 */
export const convTranspose2d: Kernel<'convTranspose2d', JsHandle> = ([x, weight, bias], { stride, padding, dilation, groups }, out) => {
  const [batch, inChannels, height, width] = x.shape;
  const [, groupOut, kernelH, kernelW] = weight.shape;
  const [outChannels, outH, outW] = [out.shape[1], out.shape[2], out.shape[3]];
  const [sh, sw] = stride;
  const groupIn = inChannels / groups;
  const taps = groupOut * kernelH * kernelW;
  const pixels = height * width;
  const outPixels = outH * outW;
  const rowOffsets = Array.from({ length: kernelH }, (_, kh) => kh * dilation[0] - padding[0]);
  const colOffsets = Array.from({ length: kernelW }, (_, kw) => kw * dilation[1] - padding[1]);
  const rowRanges = rowOffsets.map((offset) => validRange(height, outH, sh, offset));
  const colRanges = colOffsets.map((offset) => validRange(width, outW, sw, offset));
  // Each group's weights `[Cin/groups, taps]`, transposed once for all images.
  const weightsT = Array.from({ length: groups }, (_, g) => transposeMatrix(weight.handle, g * groupIn * taps, groupIn, taps));
  const result = allocArray(out.dtype, batch * outChannels * outPixels);
  const columns = new Float64Array(taps * pixels);
  const block = new Float64Array(groupOut * outPixels);
  for (let n = 0; n < batch; n++) {
    for (let g = 0; g < groups; g++) {
      gemmFloat(weightsT[g], 0, x.handle, (n * inChannels + g * groupIn) * pixels, columns, 0, taps, groupIn, pixels);
      for (let oc = 0; oc < groupOut; oc++) block.fill(bias === undefined ? 0 : bias.handle[g * groupOut + oc], oc * outPixels, (oc + 1) * outPixels);
      for (let oc = 0; oc < groupOut; oc++) {
        for (let kh = 0; kh < kernelH; kh++) {
          const [ihLo, ihHi] = rowRanges[kh];
          for (let kw = 0; kw < kernelW; kw++) {
            const [iwLo, iwHi] = colRanges[kw];
            const column = ((oc * kernelH + kh) * kernelW + kw) * pixels;
            for (let ih = ihLo; ih < ihHi; ih++) {
              const to = oc * outPixels + (ih * sh + rowOffsets[kh]) * outW + colOffsets[kw];
              const from = column + ih * width;
              for (let iw = iwLo; iw < iwHi; iw++) block[to + iw * sw] += columns[from + iw];
            }
          }
        }
      }
      result.set(block, (n * outChannels + g * groupOut) * outPixels);
    }
  }
  return result;
};
