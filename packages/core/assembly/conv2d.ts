// 2-D convolution as im2col + GEMM: each image's receptive fields are unrolled into a
// [C/groups·kH·kW, outH·outW] matrix (zeros where the window hangs over the padding), which
// the packed matmul multiplies by the weight. The host batches images and splits the GEMM
// over threads; 1×1 stride-1 convolutions skip the unrolling.
import { copyWords, fillWords } from './copy';

/**
 * Unrolls `images` images of `[channels, h, w]` (`imageStride` floats apart) into
 * `col[image][(c·kh + i)·kw + j][oy·ow + ox]`.
 */
export function im2col(
  x: usize, imageStride: i32, images: i32, col: usize, channels: i32, h: i32, w: i32,
  kh: i32, kw: i32, sh: i32, sw: i32, ph: i32, pw: i32, dh: i32, dw: i32, oh: i32, ow: i32,
): void {
  const plane = oh * ow;
  let dst = col;
  for (let n = 0; n < images; n++) {
    for (let c = 0; c < channels; c++) {
      const src = x + (<usize>(n * imageStride + c * h * w) << 2);
      for (let i = 0; i < kh; i++) {
        for (let j = 0; j < kw; j++) {
          for (let oy = 0; oy < oh; oy++) {
            const y = oy * sh - ph + i * dh;
            const row = dst + (<usize>(oy * ow) << 2);
            if (y < 0 || y >= h) {
              fillWords(row, ow, 0);
              continue;
            }
            const line = src + (<usize>(y * w) << 2);
            const x0 = j * dw - pw;
            if (sw == 1) {
              // Columns ox with 0 <= ox + x0 < w are one contiguous run.
              const lo = min(ow, max(0, -x0));
              const hi = max(lo, min(ow, w - x0));
              fillWords(row, lo, 0);
              copyWords(row + (<usize>lo << 2), line + (<usize>(lo + x0) << 2), hi - lo);
              fillWords(row + (<usize>hi << 2), ow - hi, 0);
            } else {
              for (let ox = 0; ox < ow; ox++) {
                const xx = ox * sw + x0;
                store<f32>(row + (<usize>ox << 2), xx >= 0 && xx < w ? load<f32>(line + (<usize>xx << 2)) : 0);
              }
            }
          }
          dst += <usize>plane << 2;
        }
      }
    }
  }
}

/** `out[n, o, :] += bias[o]` over `[images, channels, plane]`. */
export function addBias(out: usize, bias: usize, images: i32, channels: i32, plane: i32): void {
  for (let n = 0; n < images; n++) {
    for (let o = 0; o < channels; o++) {
      const s = load<f32>(bias + (<usize>o << 2));
      const vs = f32x4.splat(s);
      const row = out + (<usize>((n * channels + o) * plane) << 2);
      let i = 0;
      for (; i + 4 <= plane; i += 4) v128.store(row + (<usize>i << 2), f32x4.add(v128.load(row + (<usize>i << 2)), vs));
      for (; i < plane; i++) store<f32>(row + (<usize>i << 2), load<f32>(row + (<usize>i << 2)) + s);
    }
  }
}
