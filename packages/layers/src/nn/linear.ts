// Fully connected layers: Linear (x Wᵀ + b) and Bilinear (x1ᵀ A x2 + b), with PyTorch's
// weight layouts and default initialisation.
import { add, matmul, mul, permute, reshape, sum, transpose, zeros, type Tensor } from '@tessera/core';
import { Module } from './module.js';
import { kaimingUniform, uniform } from './init.js';
import { checkSizes, symmetric } from './args.js';

/** Options of Linear and Bilinear. */
export interface LinearOptions {
  /** Learn an additive bias. Default true. */
  bias?: boolean;
}

/**
 * `y = x Wᵀ + b` over the last dimension. `weight` is `[outFeatures, inFeatures]`, `bias`
 * `[outFeatures]`; both start as U(-1/√inFeatures, 1/√inFeatures), as PyTorch.
 * @example const fc = new Linear(784, 10); const logits = fc.call(images.flatten(1));
 */
export class Linear extends Module {
  constructor(readonly inFeatures: number, readonly outFeatures: number, options: LinearOptions = {}) {
    super();
    checkSizes('Linear', { inFeatures, outFeatures });
    // kaimingUniform with a = √5 is U(-1/√fanIn, 1/√fanIn).
    this.registerParameter('weight', kaimingUniform(zeros([outFeatures, inFeatures]), { a: Math.sqrt(5) }));
    this.registerParameter('bias', options.bias === false ? null : uniform(zeros([outFeatures]), ...symmetric(inFeatures)));
  }

  /** `[outFeatures, inFeatures]`. */
  get weight(): Tensor {
    return this.getParameter('weight');
  }

  /** `[outFeatures]`, or null without bias. */
  get bias(): Tensor | null {
    return this.getOptionalParameter('bias');
  }

  /** `[..., inFeatures]` → `[..., outFeatures]`. */
  forward(x: Tensor): Tensor {
    if (x.ndim < 1 || x.shape[x.ndim - 1] !== this.inFeatures) {
      throw new Error(`Linear: expected an input whose last dimension is inFeatures=${this.inFeatures}, got shape [${x.shape}]`);
    }
    const y = matmul(x, transpose(this.weight, 0, 1));
    return this.bias ? add(y, this.bias) : y;
  }
}

/**
 * `y_k = x1ᵀ A_k x2 + b_k`. `weight` is `[outFeatures, in1Features, in2Features]`, `bias`
 * `[outFeatures]`; both start as U(-1/√in1Features, 1/√in1Features), as PyTorch.
 * @example const bl = new Bilinear(4, 5, 3); const y = bl.call(a, b); // [N, 4], [N, 5] → [N, 3]
 */
export class Bilinear extends Module {
  constructor(readonly in1Features: number, readonly in2Features: number, readonly outFeatures: number, options: LinearOptions = {}) {
    super();
    checkSizes('Bilinear', { in1Features, in2Features, outFeatures });
    const range = symmetric(in1Features);
    this.registerParameter('weight', uniform(zeros([outFeatures, in1Features, in2Features]), ...range));
    this.registerParameter('bias', options.bias === false ? null : uniform(zeros([outFeatures]), ...range));
  }

  /** `[outFeatures, in1Features, in2Features]`. */
  get weight(): Tensor {
    return this.getParameter('weight');
  }

  /** `[outFeatures]`, or null without bias. */
  get bias(): Tensor | null {
    return this.getOptionalParameter('bias');
  }

  /** `[..., in1Features]` and `[..., in2Features]` with equal leading dimensions → `[..., outFeatures]`. */
  forward(x1: Tensor, x2: Tensor): Tensor {
    const lead = x1.shape.slice(0, -1);
    const sameLead = x2.ndim === x1.ndim && lead.every((d, i) => d === x2.shape[i]);
    if (x1.ndim < 1 || x1.shape[x1.ndim - 1] !== this.in1Features || x2.shape[x2.ndim - 1] !== this.in2Features || !sameLead) {
      throw new Error(
        `Bilinear: expected inputs [..., ${this.in1Features}] and [..., ${this.in2Features}] with the same leading dimensions, got [${x1.shape}] and [${x2.shape}]`,
      );
    }
    const { in1Features: n1, in2Features: n2, outFeatures: out } = this;
    // x1 [B, n1] @ A as [n1, out·n2] gives Σ_i x1_i A_{k,i,j} for every (k, j); then dot with x2.
    const a = reshape(permute(this.weight, [1, 0, 2]), [n1, out * n2]);
    const left = reshape(matmul(reshape(x1, [-1, n1]), a), [-1, out, n2]);
    const y = reshape(sum(mul(left, reshape(x2, [-1, 1, n2])), 2), [...lead, out]);
    return this.bias ? add(y, this.bias) : y;
  }
}
