// The backward of the fused GRU cell update on js: r, z and n are recomputed from the saved
// projections. dGi and dGh differ only in the n block (dGh_n carries the factor r).
import type { Kernel } from '../../kernels.js';
import type { JsHandle } from './index.js';
import { sigmoid } from './scalar-math.js';

/** `[B, 7H]`: the gradients of gi (r|z|n), of gh (r|z|n) and of hPrev, from dh. */
export const gruGatesGrad: Kernel<'gruGatesGrad', JsHandle> = ([gi, gh, hPrev, gradOut]) => {
  const [B, H] = hPrev.shape;
  const x = gi.handle, y = gh.handle, hp = hPrev.handle, d = gradOut.handle;
  const out = new Float32Array(B * 7 * H);
  for (let b = 0; b < B; b++) {
    const gr = b * 3 * H, or = b * 7 * H;
    for (let j = 0; j < H; j++) {
      const r = sigmoid(x[gr + j] + y[gr + j]);
      const z = sigmoid(x[gr + H + j] + y[gr + H + j]);
      const hn = y[gr + 2 * H + j];
      const n = Math.tanh(x[gr + 2 * H + j] + r * hn);
      const dh = d[b * H + j];
      const dn = dh * (1 - z) * (1 - n * n);
      const dr = dn * hn * r * (1 - r);
      const dz = dh * (hp[b * H + j] - n) * z * (1 - z);
      out[or + j] = dr;
      out[or + H + j] = dz;
      out[or + 2 * H + j] = dn;
      out[or + 3 * H + j] = dr;
      out[or + 4 * H + j] = dz;
      out[or + 5 * H + j] = dn * r;
      out[or + 6 * H + j] = dh * z;
    }
  }
  return out;
};
