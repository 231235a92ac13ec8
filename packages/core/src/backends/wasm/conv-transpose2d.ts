// The convTranspose2d kernel on wasm: per group, the packed GEMM multiplies the transposed
// weight by a chunk of images into columns, and col2im adds them into the output.
import type { Kernel } from '../../kernels.js';
import { sizeOf } from '../../shape.js';
import { COLUMN_BUDGET } from './conv2d.js';
import { runGemm } from './matmul.js';
import type { WasmRuntime } from './runtime.js';

/** Transposed 2-D convolution of `[N,Cin,H,W]` by `[Cin,Cout/groups,kH,kW]`. */
export function convTranspose2d(rt: WasmRuntime): Kernel<'convTranspose2d', number> {
  return ([x, weight, bias], { stride, padding, dilation, groups }, out) => {
    const [images, inChannels, h, w] = x.shape;
    const [, groupOut, kh, kw] = weight.shape;
    const [outChannels, oh, ow] = out.shape.slice(1);
    const groupIn = inChannels / groups;
    const rows = groupOut * kh * kw;
    const plane = h * w;
    const total = sizeOf(out.shape);
    const ptr = rt.allocate('float32', total);
    rt.exports.fill(4, ptr, total, 0);
    const chunk = Math.max(1, Math.min(images, Math.floor(COLUMN_BUDGET / Math.max(1, rows * plane))));
    const col = rows * plane === 0 ? 0 : rt.allocate('float32', chunk * rows * plane);
    for (let g = 0; g < groups && col; g++) {
      for (let n0 = 0; n0 < images; n0 += chunk) {
        const count = Math.min(chunk, images - n0);
        runGemm(rt, {
          a: weight.handle + g * groupIn * rows * 4,
          b: x.handle + (n0 * inChannels + g * groupIn) * plane * 4,
          c: col,
          m: rows, n: plane, k: groupIn, transposeA: true, transposeB: false,
          aOffsets: new Array<number>(count).fill(0),
          bOffsets: Array.from({ length: count }, (_, i) => i * inChannels * plane),
          cStride: rows * plane,
        });
        rt.exports.col2im(
          col, rows * plane, ptr + (n0 * outChannels + g * groupOut) * oh * ow * 4, outChannels * oh * ow, count, groupOut, h, w,
          kh, kw, stride[0], stride[1], padding[0], padding[1], dilation[0], dilation[1], oh, ow,
        );
      }
    }
    if (col) rt.heap.release(col);
    if (bias) rt.exports.addBias(ptr, bias.handle, images, outChannels, oh * ow);
    return ptr;
  };
}
