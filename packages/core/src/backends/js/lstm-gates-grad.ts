// The backward of the fused LSTM cell update on js: the activations are recomputed from the
// saved pre-activations and cPrev rather than stored by the forward pass.
import type { Kernel } from '../../kernels.js';
import type { JsHandle } from './index.js';
import { sigmoid } from './scalar-math.js';

/** `[B, 5H]`: the gradients of the gate pre-activations (i|f|g|o) and of cPrev, from dh | dc. */
export const lstmGatesGrad: Kernel<'lstmGatesGrad', JsHandle> = ([gates, cPrev, gradOut]) => {
  const [B, H] = cPrev.shape;
  const a = gates.handle, cp = cPrev.handle, d = gradOut.handle;
  const out = new Float32Array(B * 5 * H);
  for (let b = 0; b < B; b++) {
    const gr = b * 4 * H, dr = b * 2 * H, or = b * 5 * H;
    for (let j = 0; j < H; j++) {
      const i = sigmoid(a[gr + j]), f = sigmoid(a[gr + H + j]);
      const g = Math.tanh(a[gr + 2 * H + j]), o = sigmoid(a[gr + 3 * H + j]);
      const c = f * cp[b * H + j] + i * g;
      const tc = Math.tanh(c);
      const dh = d[dr + j];
      // The gradient reaching c: its own plus the path through h = o·tanh(c).
      const dc = d[dr + H + j] + dh * o * (1 - tc * tc);
      out[or + j] = dc * g * i * (1 - i);
      out[or + H + j] = dc * cp[b * H + j] * f * (1 - f);
      out[or + 2 * H + j] = dc * i * (1 - g * g);
      out[or + 3 * H + j] = dh * tc * o * (1 - o);
      out[or + 4 * H + j] = dc * f;
    }
  }
  return out;
};
