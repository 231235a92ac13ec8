// Gradient rules of the fused attention kernels. The forward kernel's packed output
// `[B, L, Ev + 1]` (output and row log-sum-exp) is all the backward pass saves besides the
// inputs: the two backward kernels recompute the scores from it, so no L×S matrix is kept.
import {
  add,
  eq,
  exp,
  matmul,
  mul,
  narrow,
  runKernel,
  sub,
  sum,
  transpose,
  where,
  type Tensor,
} from '@tessera/core';
import { unbroadcast } from './gradient-helpers.js';
import type { GradientRule } from './rule.js';

/**
 * The gradient of an additive mask, dS = P ⊙ (dO·Vᵀ − D), summed over where the mask
 * broadcasts. Only this (optional) gradient forms the L×S scores, and only when the mask
 * itself requires a gradient: it is composed from public ops.
 */
function maskGrad(args: readonly Tensor[], g: Tensor, scale: number, maskShape: readonly number[]): Tensor {
  const [q, k, v, packed, mask] = [args[0], args[1], args[2], args[3], args[5]];
  const Ev = v.shape[2];
  const lse = narrow(packed, 2, Ev, 1);
  const scores = add(mul(matmul(q, transpose(k, 1, 2)), scale), mask);
  // A fully masked row (lse = −∞) has P = 0, not exp(−∞ + ∞).
  const p = where(eq(lse, -Infinity), 0, exp(sub(scores, lse)));
  const gradOut = narrow(g, 2, 0, Ev);
  const delta = sub(sum(mul(gradOut, narrow(packed, 2, 0, Ev)), 2, true), narrow(g, 2, Ev, 1));
  const dp = matmul(gradOut, transpose(v, 1, 2));
  return unbroadcast(mul(p, sub(dp, delta)), maskShape);
}

/**
 * dQ from `attentionQueryGrad`; dK and dV from one `attentionKeyValueGrad` (side by side in
 * its output); the mask's gradient composed (see maskGrad).
 */
export const attentionRule: GradientRule<'attention'> = {
  saves: (_attrs, needs) => ({ inputs: needs.map((_, i) => i), output: true }),
  grad: (g, { input, output, needs, attrs, shapes }) => {
    const hasMask = shapes.length > 3;
    const args = [input(0), input(1), input(2), output(), g, ...(hasMask ? [input(3)] : [])];
    const [B, L, E] = shapes[0];
    const [, S, Ev] = shapes[2];
    const keyValue = needs[1] || needs[2] ? runKernel('attentionKeyValueGrad', args, attrs, [B, S, E + Ev], 'float32') : null;
    const grads = [
      needs[0] ? runKernel('attentionQueryGrad', args, attrs, [B, L, E], 'float32') : null,
      keyValue && needs[1] ? narrow(keyValue, 2, 0, E) : null,
      keyValue && needs[2] ? narrow(keyValue, 2, E, Ev) : null,
    ];
    if (hasMask) grads.push(needs[3] ? maskGrad(args, g, attrs.scale, shapes[3]) : null);
    return grads;
  },
};

/** The backward kernels are not differentiated again: a clear error instead of a wrong answer. */
function noDoubleBackward(kernel: string): GradientRule<'attentionQueryGrad' | 'attentionKeyValueGrad'> {
  return {
    saves: { inputs: [], output: false },
    grad: () => {
      throw new Error(`scaledDotProductAttention: double backward (a gradient of the gradient, through ${kernel}) is not supported`);
    },
  };
}

/** The rule of the dQuery kernel: an error (no double backward). */
export const attentionQueryGradRule = noDoubleBackward('attentionQueryGrad');
/** The rule of the dKey/dValue kernel: an error (no double backward). */
export const attentionKeyValueGradRule = noDoubleBackward('attentionKeyValueGrad');
