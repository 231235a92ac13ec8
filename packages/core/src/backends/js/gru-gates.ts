// The fused GRU cell update on js, the reference for the wasm and webgpu kernels. The hidden
// projection's n block (with b_hn) is multiplied by r, as in PyTorch's GRU.
import type { Kernel } from '../../kernels.js';
import type { JsHandle } from './index.js';
import { sigmoid } from './scalar-math.js';

/** `[B, H]`: h = (1 − z)·n + z·hPrev with r, z, n from the input and hidden projections (r|z|n). */
export const gruGates: Kernel<'gruGates', JsHandle> = ([gi, gh, hPrev]) => {
  const [B, H] = hPrev.shape;
  const x = gi.handle, y = gh.handle, hp = hPrev.handle;
  const out = new Float32Array(B * H);
  for (let b = 0; b < B; b++) {
    const gr = b * 3 * H;
    for (let j = 0; j < H; j++) {
      const r = sigmoid(x[gr + j] + y[gr + j]);
      const z = sigmoid(x[gr + H + j] + y[gr + H + j]);
      const n = Math.tanh(x[gr + 2 * H + j] + r * y[gr + 2 * H + j]);
      out[b * H + j] = (1 - z) * n + z * hp[b * H + j];
    }
  }
  return out;
};
