// Transposed 2-D convolution as GEMM + col2im: the host multiplies each image by the
// transposed weight into columns `[Cout/groups·kH·kW, h·w]` (the packed matmul), and this
// scatters them back, adding overlapping contributions into the output.

/**
 * `out[c, y·sh − ph + i·dh, x·sw − pw + j·dw] += col[(c·kh + i)·kw + j][y·w + x]` for each of
 * `images` images (`colStride` and `outStride` floats apart), skipping positions outside
 * the `[oh, ow]` output.
 */
export function col2im(
  col: usize, colStride: i32, out: usize, outStride: i32, images: i32, channels: i32, h: i32, w: i32,
  kh: i32, kw: i32, sh: i32, sw: i32, ph: i32, pw: i32, dh: i32, dw: i32, oh: i32, ow: i32,
): void {
  for (let n = 0; n < images; n++) {
    let src = col + (<usize>(n * colStride) << 2);
    for (let c = 0; c < channels; c++) {
      const plane = out + (<usize>(n * outStride + c * oh * ow) << 2);
      for (let i = 0; i < kh; i++) {
        for (let j = 0; j < kw; j++) {
          for (let y = 0; y < h; y++) {
            const oy = y * sh - ph + i * dh;
            if (oy >= 0 && oy < oh) {
              const line = plane + (<usize>(oy * ow) << 2);
              const row = src + (<usize>(y * w) << 2);
              for (let x = 0; x < w; x++) {
                const ox = x * sw - pw + j * dw;
                if (ox >= 0 && ox < ow) {
                  const at = line + (<usize>ox << 2);
                  store<f32>(at, load<f32>(at) + load<f32>(row + (<usize>x << 2)));
                }
              }
            }
          }
          src += <usize>(h * w) << 2;
        }
      }
    }
  }
}
