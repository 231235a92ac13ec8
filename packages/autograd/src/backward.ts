// backward(): the imperative entry point, accumulating gradients into leaves' `.grad`.
import type { Tensor } from '@tessera/core';
import { accumulateGradients, type BackwardOptions } from './pass.js';

/**
 * Computes the gradient of `loss` with respect to every leaf (a tensor created with
 * `requiresGrad: true`) it was computed from, and adds it to the leaf's `.grad`. A loss with
 * more than one element needs `gradient`, the gradient of the final result with respect to
 * it. The graph's saved tensors are freed afterwards unless `retainGraph` is set.
 * @example const loss = w.mul(x).sum(); backward(loss); w.grad; // dloss/dw
 */
export function backward(loss: Tensor, gradient?: Tensor | null, options: BackwardOptions = {}): void {
  accumulateGradients('backward', loss, gradient, options);
}
