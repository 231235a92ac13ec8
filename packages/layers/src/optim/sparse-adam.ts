// SparseAdam, as torch.optim.SparseAdam: the lazy Adam for sparse gradients (embedding
// tables), which updates only the moments and parameter rows a step's gradient touches.
import { add, div, keep, mul, neg, sqrt, square, sub, zerosLike, type SparseGradient, type Tensor } from '@tessera/core';
import { checkOption, Optimizer, type OptimizerOptions, type ParamGroup, type Params } from './optimizer.js';
import { addRows, coalesced, rowsOf } from './sparse-rows.js';

/** Options of SparseAdam (PyTorch's, in camelCase). */
export interface SparseAdamOptions extends OptimizerOptions {
  /** Decay rates of the first and second moment estimates. Default [0.9, 0.999]. */
  betas: [number, number];
  /** Added to the denominator. Default 1e-8. */
  eps: number;
  /** Ascend instead of descend. Default false. */
  maximize: boolean;
}

/** SparseAdam's per-parameter state, PyTorch's step, exp_avg and exp_avg_sq (dense, as there). */
export interface SparseAdamState {
  [key: string]: Tensor | number | undefined;
  step?: number;
  expAvg?: Tensor;
  expAvgSq?: Tensor;
}

/**
 * torch.optim.SparseAdam: for each row `r` of the (coalesced) sparse gradient `g`,
 * `m[r] = β1·m[r] + (1-β1)·g[r]`, `v[r] = β2·v[r] + (1-β2)·g[r]²` and
 * `p[r] -= lr·sqrt(1-β2ᵗ)/(1-β1ᵗ) · m[r] / (sqrt(v[r]) + eps)`; other rows are left as they are.
 * Parameters must have sparse gradients (an `Embedding` with `sparse: true`).
 * @example
 * const emb = new Embedding(50000, 128, { sparse: true });
 * const opt = new SparseAdam(emb.parameters(), { lr: 1e-3 });
 * backward(loss); opt.step(); opt.zeroGrad();
 */
export class SparseAdam extends Optimizer<SparseAdamOptions, SparseAdamState> {
  constructor(params: Params<SparseAdamOptions>, options: Partial<SparseAdamOptions> = {}) {
    super(params, { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, maximize: false, ...options });
  }

  protected checkOptions(o: SparseAdamOptions): void {
    checkOption(o.lr > 0, 'SparseAdam', 'learning rate', o.lr);
    checkOption(o.eps > 0, 'SparseAdam', 'epsilon value', o.eps);
    checkOption(o.betas.length === 2 && o.betas.every((b) => b >= 0 && b < 1), 'SparseAdam', 'betas (each in [0, 1))', o.betas);
  }

  protected override refuses(sparse: boolean): string | null {
    return sparse ? null : 'SparseAdam does not support dense gradients, please consider Adam instead';
  }

  protected update(p: Tensor, grad: Tensor, state: SparseAdamState, group: ParamGroup<SparseAdamOptions>): void {
    const sparse = grad as SparseGradient;
    const { lr, betas: [beta1, beta2], eps, maximize } = group;
    const step = (state.step = (state.step ?? 0) + 1);
    const expAvg = (state.expAvg ??= keep(zerosLike(p)));
    const expAvgSq = (state.expAvgSq ??= keep(zerosLike(p)));
    // The update is non-linear in the gradient: rows sharing an index are summed first, and
    // each index is updated once (at its first occurrence), in place, as PyTorch's add_.
    const { summed, first } = coalesced(sparse);
    const g = maximize ? neg(summed) : summed;
    const oldM = rowsOf(expAvg, sparse);
    const updateM = mul(sub(g, oldM), 1 - beta1);
    addRows(expAvg, sparse, mul(updateM, first));
    const oldV = rowsOf(expAvgSq, sparse);
    const updateV = mul(sub(square(g), oldV), 1 - beta2);
    addRows(expAvgSq, sparse, mul(updateV, first));
    const numer = add(updateM, oldM);
    const denom = add(sqrt(add(updateV, oldV)), eps);
    const stepSize = (lr * Math.sqrt(1 - beta2 ** step)) / (1 - beta1 ** step);
    addRows(p, sparse, mul(div(numer, denom), first), -stepSize);
  }
}
