// Adam and AdamW (decoupled weight decay), with AMSGrad, as torch.optim.Adam / AdamW.
import { add, div, keep, maximum, mul, neg, sqrt, square, sub, zerosLike, type Tensor } from '@tessera/core';
import { checkOption, Optimizer, type OptimizerOptions, type ParamGroup, type Params } from './optimizer.js';

/** Options of Adam and AdamW (PyTorch's, in camelCase). */
export interface AdamOptions extends OptimizerOptions {
  /** Decay rates of the first and second moment estimates. Default [0.9, 0.999]. */
  betas: [number, number];
  /** Added to the denominator. Default 1e-8. */
  eps: number;
  /** Adam: L2 penalty added to the gradient (default 0); AdamW: decoupled decay (default 1e-2). */
  weightDecay: number;
  /** Use the maximum of past second moments (AMSGrad). Default false. */
  amsgrad: boolean;
  /** Ascend instead of descend. Default false. */
  maximize: boolean;
}

/** Adam's per-parameter state, PyTorch's exp_avg, exp_avg_sq and max_exp_avg_sq. */
export interface AdamState {
  [key: string]: Tensor | number | undefined;
  step?: number;
  expAvg?: Tensor;
  expAvgSq?: Tensor;
  maxExpAvgSq?: Tensor;
}

/**
 * torch.optim.Adam: bias-corrected moment estimates,
 * `p -= lr/(1 - β1ᵗ) · m / (sqrt(v)/sqrt(1 - β2ᵗ) + eps)`.
 * @example const opt = new Adam(model.parameters(), { lr: 1e-3, amsgrad: true });
 */
export class Adam extends Optimizer<AdamOptions, AdamState> {
  /** Whether weight decay shrinks the parameters directly (AdamW) instead of adding to the gradient. */
  protected get decoupled(): boolean {
    return false;
  }

  constructor(params: Params<AdamOptions>, options: Partial<AdamOptions> = {}) {
    super(params, { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, maximize: false, ...options });
  }

  protected checkOptions(o: AdamOptions): void {
    const name = this.constructor.name;
    checkOption(o.lr >= 0, name, 'learning rate', o.lr);
    checkOption(o.eps >= 0, name, 'epsilon value', o.eps);
    checkOption(o.betas.length === 2 && o.betas.every((b) => b >= 0 && b < 1), name, 'betas (each in [0, 1))', o.betas);
    checkOption(o.weightDecay >= 0, name, 'weightDecay', o.weightDecay);
  }

  protected update(p: Tensor, grad: Tensor, state: AdamState, group: ParamGroup<AdamOptions>): void {
    const { lr, betas: [beta1, beta2], eps, weightDecay, amsgrad, maximize } = group;
    const step = (state.step = (state.step ?? 0) + 1);
    const expAvg = (state.expAvg ??= keep(zerosLike(p)));
    const expAvgSq = (state.expAvgSq ??= keep(zerosLike(p)));
    let g = maximize ? neg(grad) : grad;
    let base = p;
    if (weightDecay !== 0) {
      if (this.decoupled) base = mul(p, 1 - lr * weightDecay);
      else g = add(g, mul(p, weightDecay));
    }
    expAvg.assign(add(mul(expAvg, beta1), mul(g, 1 - beta1)));
    expAvgSq.assign(add(mul(expAvgSq, beta2), mul(square(g), 1 - beta2)));
    let second = expAvgSq;
    if (amsgrad) {
      const max = (state.maxExpAvgSq ??= keep(zerosLike(p)));
      second = max.assign(maximum(max, expAvgSq));
    }
    const stepSize = lr / (1 - beta1 ** step);
    const denom = add(div(sqrt(second), Math.sqrt(1 - beta2 ** step)), eps);
    p.assign(sub(base, mul(div(expAvg, denom), stepSize)));
  }
}

/**
 * torch.optim.AdamW: Adam with decoupled weight decay, `p *= 1 - lr·weightDecay` before
 * the Adam step (default weightDecay 1e-2).
 * @example const opt = new AdamW(model.parameters(), { lr: 1e-3, weightDecay: 0.05 });
 */
export class AdamW extends Adam {
  protected override get decoupled(): boolean {
    return true;
  }

  constructor(params: Params<AdamOptions>, options: Partial<AdamOptions> = {}) {
    super(params, { weightDecay: 1e-2, ...options });
  }
}
