// RMSprop, optionally centred and with momentum, as torch.optim.RMSprop.
import { add, div, keep, mul, neg, sqrt, square, sub, zerosLike, type Tensor } from '@tessera/core';
import { checkOption, Optimizer, type OptimizerOptions, type ParamGroup, type Params } from './optimizer.js';

/** Options of RMSprop (PyTorch's, in camelCase). */
export interface RmspropOptions extends OptimizerOptions {
  /** Smoothing constant of the squared-gradient average. Default 0.99. */
  alpha: number;
  /** Added to the denominator. Default 1e-8. */
  eps: number;
  /** L2 penalty added to the gradient. Default 0. */
  weightDecay: number;
  /** Momentum factor. Default 0. */
  momentum: number;
  /** Normalise by the variance estimate (subtract the squared mean gradient). Default false. */
  centered: boolean;
  /** Ascend instead of descend. Default false. */
  maximize: boolean;
}

/** RMSprop's per-parameter state, PyTorch's square_avg, momentum_buffer and grad_avg. */
export interface RmspropState {
  [key: string]: Tensor | number | undefined;
  step?: number;
  squareAvg?: Tensor;
  momentumBuffer?: Tensor;
  gradAvg?: Tensor;
}

/**
 * torch.optim.RMSprop: `v = α·v + (1 - α)·g²`, `p -= lr·g / (sqrt(v) + eps)` (through a
 * momentum buffer when momentum > 0; `v - mean(g)²` when centred).
 * @example const opt = new RMSprop(model.parameters(), { lr: 1e-2, momentum: 0.9, centered: true });
 */
export class RMSprop extends Optimizer<RmspropOptions, RmspropState> {
  constructor(params: Params<RmspropOptions>, options: Partial<RmspropOptions> = {}) {
    super(params, { lr: 1e-2, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false, maximize: false, ...options });
  }

  protected checkOptions(o: RmspropOptions): void {
    checkOption(o.lr >= 0, 'RMSprop', 'learning rate', o.lr);
    checkOption(o.eps >= 0, 'RMSprop', 'epsilon value', o.eps);
    checkOption(o.alpha >= 0, 'RMSprop', 'alpha value', o.alpha);
    checkOption(o.momentum >= 0, 'RMSprop', 'momentum value', o.momentum);
    checkOption(o.weightDecay >= 0, 'RMSprop', 'weightDecay', o.weightDecay);
  }

  protected update(p: Tensor, grad: Tensor, state: RmspropState, group: ParamGroup<RmspropOptions>): void {
    const { lr, alpha, eps, weightDecay, momentum, centered, maximize } = group;
    state.step = (state.step ?? 0) + 1;
    const squareAvg = (state.squareAvg ??= keep(zerosLike(p)));
    let g = maximize ? neg(grad) : grad;
    if (weightDecay !== 0) g = add(g, mul(p, weightDecay));
    squareAvg.assign(add(mul(squareAvg, alpha), mul(square(g), 1 - alpha)));
    let variance = squareAvg;
    if (centered) {
      const gradAvg = (state.gradAvg ??= keep(zerosLike(p)));
      gradAvg.assign(add(mul(gradAvg, alpha), mul(g, 1 - alpha)));
      variance = sub(squareAvg, square(gradAvg));
    }
    const scaled = div(g, add(sqrt(variance), eps));
    if (momentum > 0) {
      const buf = (state.momentumBuffer ??= keep(zerosLike(p)));
      buf.assign(add(mul(buf, momentum), scaled));
      p.assign(sub(p, mul(buf, lr)));
    } else {
      p.assign(sub(p, mul(scaled, lr)));
    }
  }
}
