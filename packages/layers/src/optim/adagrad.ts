// Adagrad with learning-rate decay, as torch.optim.Adagrad.
import { add, div, full, keep, mul, neg, sqrt, square, sub, SparseGradient, type Tensor } from '@tessera/core';
import { checkOption, Optimizer, type OptimizerOptions, type ParamGroup, type Params } from './optimizer.js';
import { addRows, coalesced, rowsOf } from './sparse-rows.js';

/** Options of Adagrad (PyTorch's, in camelCase). */
export interface AdagradOptions extends OptimizerOptions {
  /** The learning rate at step t is `lr / (1 + (t - 1)·lrDecay)`. Default 0. */
  lrDecay: number;
  /** L2 penalty added to the gradient. Default 0. */
  weightDecay: number;
  /** Starting value of the sum of squared gradients. Default 0. */
  initialAccumulatorValue: number;
  /** Added to the denominator. Default 1e-10. */
  eps: number;
  /** Ascend instead of descend. Default false. */
  maximize: boolean;
}

/** Adagrad's per-parameter state: the step and PyTorch's sum of squared gradients. */
export interface AdagradState {
  [key: string]: Tensor | number | undefined;
  step?: number;
  sum?: Tensor;
}

/**
 * torch.optim.Adagrad: `sum += g²`, `p -= lr_t·g / (sqrt(sum) + eps)`. A sparse gradient
 * (an `Embedding` with `sparse: true`) updates only its rows of `sum` and `p`, as in PyTorch
 * (without weightDecay, which would touch every row).
 * @example const opt = new Adagrad(model.parameters(), { lr: 0.1, lrDecay: 1e-4 });
 */
export class Adagrad extends Optimizer<AdagradOptions, AdagradState> {
  constructor(params: Params<AdagradOptions>, options: Partial<AdagradOptions> = {}) {
    super(params, { lr: 1e-2, lrDecay: 0, weightDecay: 0, initialAccumulatorValue: 0, eps: 1e-10, maximize: false, ...options });
  }

  protected checkOptions(o: AdagradOptions): void {
    checkOption(o.lr >= 0, 'Adagrad', 'learning rate', o.lr);
    checkOption(o.lrDecay >= 0, 'Adagrad', 'lrDecay', o.lrDecay);
    checkOption(o.weightDecay >= 0, 'Adagrad', 'weightDecay', o.weightDecay);
    checkOption(o.initialAccumulatorValue >= 0, 'Adagrad', 'initialAccumulatorValue', o.initialAccumulatorValue);
    checkOption(o.eps >= 0, 'Adagrad', 'epsilon value', o.eps);
  }

  protected override refuses(sparse: boolean, group: ParamGroup<AdagradOptions>): string | null {
    return sparse && group.weightDecay !== 0 ? `Adagrad: the weightDecay option (${group.weightDecay}) is not compatible with sparse gradients` : null;
  }

  protected update(p: Tensor, grad: Tensor, state: AdagradState, group: ParamGroup<AdagradOptions>): void {
    const { lr, lrDecay, weightDecay, initialAccumulatorValue, eps, maximize } = group;
    const step = (state.step = (state.step ?? 0) + 1);
    const sum = (state.sum ??= keep(full(p.shape, initialAccumulatorValue)));
    const clr = lr / (1 + (step - 1) * lrDecay);
    if (grad instanceof SparseGradient) {
      // The update is non-linear in the gradient: rows sharing an index are summed first,
      // and each index is updated once, in place, as PyTorch's sparse add_.
      const { summed, first } = coalesced(grad);
      const g = maximize ? neg(summed) : summed;
      addRows(sum, grad, mul(square(g), first));
      const std = add(sqrt(rowsOf(sum, grad)), eps);
      addRows(p, grad, mul(div(g, std), first), -clr);
      return;
    }
    let g = maximize ? neg(grad) : grad;
    if (weightDecay !== 0) g = add(g, mul(p, weightDecay));
    sum.assign(add(sum, square(g)));
    p.assign(sub(p, mul(div(g, add(sqrt(sum), eps)), clr)));
  }
}
