// The fused LSTM cell update on js, the reference for the wasm and webgpu kernels: one pass
// over each row's four gate blocks (i|f|g|o, PyTorch's order).
import type { Kernel } from '../../kernels.js';
import type { JsHandle } from './index.js';
import { sigmoid } from './scalar-math.js';

/** `[B, 2H]`: h = σ(o)·tanh(c) in the first H columns, c = σ(f)·cPrev + σ(i)·tanh(g) in the last. */
export const lstmGates: Kernel<'lstmGates', JsHandle> = ([gates, cPrev]) => {
  const [B, H] = cPrev.shape;
  const a = gates.handle, cp = cPrev.handle;
  const out = new Float32Array(B * 2 * H);
  for (let b = 0; b < B; b++) {
    const gr = b * 4 * H, or = b * 2 * H;
    for (let j = 0; j < H; j++) {
      const i = sigmoid(a[gr + j]), f = sigmoid(a[gr + H + j]);
      const g = Math.tanh(a[gr + 2 * H + j]), o = sigmoid(a[gr + 3 * H + j]);
      const c = f * cp[b * H + j] + i * g;
      out[or + j] = o * Math.tanh(c);
      out[or + H + j] = c;
    }
  }
  return out;
};
