// The conv2d kernel on wasm: im2col per image (skipped for 1×1 stride-1 convolutions, whose
// input already is the column matrix), then the packed GEMM per group over a chunk of
// images, then the bias.
import type { Kernel } from '../../kernels.js';
import { sizeOf } from '../../shape.js';
import { runGemm } from './matmul.js';
import type { WasmRuntime } from './runtime.js';

/** Floats of unrolled columns held at once (32 MiB); larger batches go in chunks. */
export const COLUMN_BUDGET = 1 << 23;

/** 2-D convolution of `[N,C,H,W]` by `[O,C/groups,kH,kW]` with symmetric zero padding. */
export function conv2d(rt: WasmRuntime): Kernel<'conv2d', number> {
  return ([x, weight, bias], { stride, padding, dilation, groups }, out) => {
    const [images, channels, h, w] = x.shape;
    const [outChannels, groupChannels, kh, kw] = weight.shape;
    const [oh, ow] = out.shape.slice(2);
    const plane = oh * ow;
    const k = groupChannels * kh * kw;
    const groupOut = outChannels / groups;
    const ptr = rt.allocate('float32', sizeOf(out.shape));
    const direct = kh === 1 && kw === 1 && stride[0] === 1 && stride[1] === 1 && padding[0] === 0 && padding[1] === 0;
    const chunk = direct ? images : Math.max(1, Math.min(images, Math.floor(COLUMN_BUDGET / Math.max(1, k * plane))));
    const col = direct || plane === 0 ? 0 : rt.allocate('float32', chunk * k * plane);
    for (let g = 0; g < groups; g++) {
      for (let n0 = 0; n0 < images; n0 += chunk) {
        const count = Math.min(chunk, images - n0);
        const image = (n0 * channels + g * groupChannels) * h * w;
        if (!direct) {
          rt.exports.im2col(
            x.handle + image * 4, channels * h * w, count, col, groupChannels, h, w,
            kh, kw, stride[0], stride[1], padding[0], padding[1], dilation[0], dilation[1], oh, ow,
          );
        }
        const offsets = Array.from({ length: count }, (_, i) => i * (direct ? channels * h * w : k * plane));
        runGemm(rt, {
          a: weight.handle + g * groupOut * k * 4,
          b: direct ? x.handle + image * 4 : col,
          c: ptr + (n0 * outChannels + g * groupOut) * plane * 4,
          m: groupOut, n: plane, k, transposeA: false, transposeB: false,
          aOffsets: new Array<number>(count).fill(0), bOffsets: offsets, cStride: outChannels * plane,
        });
      }
    }
    if (col) rt.heap.release(col);
    if (bias) rt.exports.addBias(ptr, bias.handle, images, outChannels, plane);
    return ptr;
  };
}
