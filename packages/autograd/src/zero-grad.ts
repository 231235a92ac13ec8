// zeroGrad: clearing accumulated gradients between steps, as optimizer.zero_grad().
import { SparseGradient, tidy, zerosLike, type Tensor } from '@tessera/core';

/** Options of zeroGrad. */
export interface ZeroGradOptions {
  /**
   * Dispose `.grad` and set it to null (true, PyTorch's default) or fill it with zeros in
   * place. A sparse gradient is always disposed: its zero is the empty set of rows.
   */
  setToNone?: boolean;
}

/**
 * Clears the `.grad` of each tensor: by default disposes it and sets it to null, so the next
 * backward pass starts afresh.
 * @example zeroGrad([w, b]);
 */
export function zeroGrad(tensors: Iterable<Tensor>, options: ZeroGradOptions = {}): void {
  const { setToNone = true } = options;
  for (const t of tensors) {
    const g = t.grad;
    if (!g) continue;
    // A sparse gradient's zero is the empty row set, so it is dropped either way.
    if (setToNone || g.isDisposed || g instanceof SparseGradient) {
      g.dispose();
      t.grad = null;
    } else {
      tidy(() => {
        g.assign(zerosLike(g));
      });
    }
  }
}
