// Activation functions as modules, over core's elementwise ops, with PyTorch's names and
// default arguments.
import { elu, gelu, leakyRelu, relu, sigmoid, silu, softmax, tanh, type GeluOptions, type Tensor } from '@tessera/core';
import { Module } from './module.js';

/**
 * `max(x, 0)`.
 * @example new ReLU().call(x)
 */
export class ReLU extends Module {
  /** Any shape, same shape out. */
  forward(x: Tensor): Tensor {
    return relu(x);
  }
}

/**
 * `x · Φ(x)` (erf), or its tanh approximation with `approximate: 'tanh'`.
 * @example new GELU({ approximate: 'tanh' }).call(x)
 */
export class GELU extends Module {
  readonly approximate: 'none' | 'tanh';

  constructor(options: GeluOptions = {}) {
    super();
    this.approximate = options.approximate ?? 'none';
  }

  /** Any shape, same shape out. */
  forward(x: Tensor): Tensor {
    return gelu(x, { approximate: this.approximate });
  }
}

/**
 * Hyperbolic tangent.
 * @example new Tanh().call(x)
 */
export class Tanh extends Module {
  /** Any shape, same shape out. */
  forward(x: Tensor): Tensor {
    return tanh(x);
  }
}

/**
 * `1 / (1 + e^-x)`.
 * @example new Sigmoid().call(logits)
 */
export class Sigmoid extends Module {
  /** Any shape, same shape out. */
  forward(x: Tensor): Tensor {
    return sigmoid(x);
  }
}

/**
 * `x · sigmoid(x)` (swish).
 * @example new SiLU().call(x)
 */
export class SiLU extends Module {
  /** Any shape, same shape out. */
  forward(x: Tensor): Tensor {
    return silu(x);
  }
}

/**
 * Softmax along `dim` (required: PyTorch's implicit choice is deprecated).
 * @example new Softmax(-1).call(logits)
 */
export class Softmax extends Module {
  constructor(readonly dim: number) {
    super();
    if (!Number.isInteger(dim)) throw new Error(`Softmax: dim must be an integer, got ${String(dim)}`);
  }

  /** Any shape, same shape out. */
  forward(x: Tensor): Tensor {
    return softmax(x, this.dim);
  }
}

/**
 * `x` for x ≥ 0, `negativeSlope · x` otherwise.
 * @example new LeakyReLU(0.2).call(x)
 */
export class LeakyReLU extends Module {
  constructor(readonly negativeSlope = 0.01) {
    super();
  }

  /** Any shape, same shape out. */
  forward(x: Tensor): Tensor {
    return leakyRelu(x, this.negativeSlope);
  }
}

/**
 * `x` for x > 0, `alpha · (e^x - 1)` otherwise.
 * @example new ELU().call(x)
 */
export class ELU extends Module {
  constructor(readonly alpha = 1) {
    super();
  }

  /** Any shape, same shape out. */
  forward(x: Tensor): Tensor {
    return elu(x, this.alpha);
  }
}
