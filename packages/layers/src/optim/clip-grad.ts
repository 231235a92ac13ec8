// Gradient clipping, as torch.nn.utils.clip_grad_norm_ / clip_grad_value_: the gradients
// are rescaled in place, and parameters without a gradient are skipped. A sparse gradient
// counts by its dense equivalent (rows sharing an index summed) in the norm.
import { abs, add, clamp, div, max, mul, pow, SparseGradient, stack, sum, tidy, zeros, type Tensor } from '@tessera/core';
import { noGrad } from '@tessera/autograd';

function gradsOf(op: string, params: Iterable<Tensor> | Tensor): Tensor[] {
  const list = Symbol.iterator in params ? [...params] : [params];
  const grads = list.flatMap((p) => (p.grad ? [p.grad] : []));
  for (const g of grads) if (g.isDisposed) throw new Error(`${op}: a gradient of shape [${g.shape.join(',')}] was disposed`);
  return grads;
}

/**
 * Scales the gradients so that their joint `normType`-norm (all gradients as one vector) is
 * at most `maxNorm`; returns that norm before clipping, as a one-element tensor.
 * @example const norm = clipGradNorm(model.parameters(), 1.0);
 */
export function clipGradNorm(params: Iterable<Tensor> | Tensor, maxNorm: number, normType = 2): Tensor {
  if (!(normType > 0)) throw new Error(`clipGradNorm: normType must be positive (or Infinity), got ${normType}`);
  const grads = gradsOf('clipGradNorm', params);
  if (grads.length === 0) return zeros([]);
  return noGrad(() => tidy(() => {
    const dense = grads.map((g) => abs(g instanceof SparseGradient ? g.toDense() : g));
    const total = normType === Infinity
      ? max(stack(dense.map((g) => max(g))))
      : pow(sum(stack(dense.map((g) => sum(pow(g, normType))))), 1 / normType);
    const coef = clamp(div(maxNorm, add(total, 1e-6)), null, 1);
    for (const g of grads) g.assign(mul(g, coef));
    return total;
  }));
}

/**
 * Clamps every gradient element to `[-clipValue, clipValue]`.
 * @example clipGradValue(model.parameters(), 0.5);
 */
export function clipGradValue(params: Iterable<Tensor> | Tensor, clipValue: number): void {
  if (!(clipValue >= 0)) throw new Error(`clipGradValue: clipValue must be non-negative, got ${clipValue}`);
  const grads = gradsOf('clipGradValue', params);
  for (const g of grads) {
    if (g instanceof SparseGradient) {
      throw new Error(`clipGradValue: the gradient of a parameter of shape [${g.denseShape.join(',')}] is sparse; its rows may share an index, so clamping them is not clamping the gradient: clip by norm (clipGradNorm) instead`);
    }
  }
  noGrad(() => tidy(() => {
    for (const g of grads) g.assign(clamp(g, -clipValue, clipValue));
  }));
}
