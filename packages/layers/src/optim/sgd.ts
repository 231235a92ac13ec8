// Stochastic gradient descent with momentum, dampening, Nesterov momentum and L2 weight
// decay, as torch.optim.SGD.
import { add, keep, mul, neg, SparseGradient, sub, type Tensor } from '@tessera/core';
import { checkOption, Optimizer, type OptimizerOptions, type ParamGroup, type Params } from './optimizer.js';
import { addRows } from './sparse-rows.js';

/** Options of SGD (PyTorch's, in camelCase). */
export interface SgdOptions extends OptimizerOptions {
  /** Momentum factor. Default 0. */
  momentum: number;
  /** Dampening of the momentum. Default 0. */
  dampening: number;
  /** L2 penalty added to the gradient. Default 0. */
  weightDecay: number;
  /** Nesterov momentum (needs momentum > 0 and dampening 0). Default false. */
  nesterov: boolean;
  /** Ascend instead of descend. Default false. */
  maximize: boolean;
}

/** SGD's per-parameter state: the momentum buffer, from the first step with momentum. */
export interface SgdState {
  [key: string]: Tensor | number | undefined;
  momentumBuffer?: Tensor;
}

/**
 * torch.optim.SGD: `buf = momentum·buf + (1 - dampening)·g`, `p -= lr·buf` (or
 * `lr·(g + momentum·buf)` with Nesterov), `g` including `weightDecay·p`. A sparse gradient
 * (an `Embedding` with `sparse: true`) updates only its rows, `p[r] -= lr·g[r]`; it needs
 * momentum and weightDecay 0, which would touch every row.
 * @example const opt = new SGD(model.parameters(), { lr: 0.1, momentum: 0.9, nesterov: true });
 */
export class SGD extends Optimizer<SgdOptions, SgdState> {
  constructor(params: Params<SgdOptions>, options: Partial<SgdOptions> & { lr: number }) {
    super(params, { momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, maximize: false, ...options });
  }

  protected checkOptions(o: SgdOptions): void {
    checkOption(o.lr >= 0, 'SGD', 'learning rate', o.lr);
    checkOption(o.momentum >= 0, 'SGD', 'momentum', o.momentum);
    checkOption(o.weightDecay >= 0, 'SGD', 'weightDecay', o.weightDecay);
    checkOption(!o.nesterov || (o.momentum > 0 && o.dampening === 0), 'SGD', 'nesterov (it needs momentum > 0 and dampening 0)', o.nesterov);
  }

  protected override refuses(sparse: boolean, group: ParamGroup<SgdOptions>): string | null {
    if (!sparse || (group.momentum === 0 && group.weightDecay === 0)) return null;
    return `SGD applies sparse gradients only without momentum and weightDecay (got momentum ${group.momentum}, weightDecay ${group.weightDecay}), which would update every row`;
  }

  protected update(p: Tensor, grad: Tensor, state: SgdState, group: ParamGroup<SgdOptions>): void {
    const { lr, momentum, dampening, weightDecay, nesterov, maximize } = group;
    if (grad instanceof SparseGradient) {
      addRows(p, grad, grad, maximize ? lr : -lr);
      return;
    }
    let d = maximize ? neg(grad) : grad;
    if (weightDecay !== 0) d = add(d, mul(p, weightDecay));
    if (momentum !== 0) {
      const buf = state.momentumBuffer;
      // The first step starts the buffer at the gradient itself, undampened.
      if (!buf) state.momentumBuffer = keep(d.clone());
      else buf.assign(add(mul(buf, momentum), mul(d, 1 - dampening)));
      const b = state.momentumBuffer as Tensor;
      d = nesterov ? add(d, mul(b, momentum)) : b;
    }
    p.assign(sub(p, mul(d, lr)));
  }
}
