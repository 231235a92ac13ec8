// `loss.backward()` and `t.detach()` as Tensor methods, as PyTorch users write them. Adding
// methods to core's Tensor is a side effect: enableAutograd() does it when the package loads.
import { Tensor } from '@tessera/core';
import { detach } from './detach.js';
import { accumulateGradients, type BackwardOptions } from './pass.js';

declare module '@tessera/core' {
  interface Tensor {
    /**
     * Computes the gradient of this tensor with respect to every leaf it depends on and adds
     * it to their `.grad` (see `backward` of @tessera/autograd). Exists once autograd is enabled.
     * @example loss.backward();
     */
    backward(gradient?: Tensor | null, options?: BackwardOptions): void;
    /** A handle on the same values, cut from the graph (see `detach` of @tessera/autograd). */
    detach(): Tensor;
  }
}

/** Defines the methods on Tensor's prototype (idempotent). */
export function installTensorMethods(): void {
  const methods = {
    backward(this: Tensor, gradient?: Tensor | null, options: BackwardOptions = {}): void {
      accumulateGradients('backward', this, gradient, options);
    },
    detach(this: Tensor): Tensor {
      return detach(this);
    },
  };
  for (const [name, value] of Object.entries(methods)) {
    Object.defineProperty(Tensor.prototype, name, { value, writable: true, configurable: true, enumerable: false });
  }
}
