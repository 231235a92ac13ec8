// grad() and valueAndGrad(): gradients as functions, as in JAX and torch.func. Each call
// frees the graph it recorded before returning, so calling them in a loop holds no memory;
// nested inside one another they record their own backward pass, which is what makes
// grad(grad(f)) work.
import { onesLike, reshape, Tensor, tidy, zerosLike } from '@tessera/core';
import { detach } from './detach.js';
import { fmt } from './format.js';
import { edgeOf, sweep } from './graph.js';
import { callDepth, gradModeEnabled, inCall, withGradMode } from './mode.js';
import { runBackward } from './pass.js';

/** Which arguments to differentiate with respect to: one position, or several. */
export type Argnums = number | readonly number[];

/** A single gradient for a single position, an array of them for a list of positions. */
export type GradOf<A extends Argnums> = A extends number ? Tensor : Tensor[];

/**
 * Makes the argument a tensor whose gradient this call collects. Inside an enclosing grad()
 * a tracked argument is viewed through a recorded reshape, so its gradient flows on to the
 * enclosing level; otherwise it becomes a fresh leaf sharing the argument's storage.
 */
function track(x: Tensor, differentiable: boolean): Tensor {
  if (differentiable && x.requiresGrad) return reshape(x, x.shape);
  const leaf = detach(x);
  leaf.requiresGrad = true;
  return leaf;
}

function positionsOf(op: string, argnums: Argnums, args: readonly unknown[]): number[] {
  const positions = typeof argnums === 'number' ? [argnums] : [...argnums];
  for (const i of positions) {
    if (!Number.isInteger(i) || i < 0 || i >= args.length) {
      throw new Error(`${op}: argnums ${JSON.stringify(argnums)} is out of range for a call with ${args.length} argument(s)`);
    }
    const arg = args[i];
    if (!(arg instanceof Tensor) || arg.isDisposed) throw new Error(`${op}: argument ${i} must be a live Tensor to be differentiated`);
    if (arg.dtype !== 'float32') {
      throw new Error(`${op}: argument ${i} is ${arg.dtype} ${fmt(arg.shape)}; only float32 arguments can be differentiated (indices are not differentiable)`);
    }
  }
  return positions;
}

function evaluate<Args extends unknown[]>(
  op: string,
  f: (...args: Args) => Tensor,
  argnums: Argnums,
  args: Args,
  withValue: boolean,
): [Tensor | null, Tensor | Tensor[]] {
  const positions = positionsOf(op, argnums, args);
  // Inside another grad() call, the gradient must itself be differentiable.
  const differentiable = callDepth() > 0 && gradModeEnabled();
  try {
    return inCall(() => tidy(() => withGradMode(true, () => {
      const tracked = [...args] as Args;
      const targets = positions.map((i) => {
        const t = track(args[i] as Tensor, differentiable);
        tracked[i] = t;
        return t;
      });
      const out = f(...tracked);
      if (!(out instanceof Tensor) || out.dtype !== 'float32' || out.size !== 1) {
        const got = out instanceof Tensor ? `${out.dtype} ${fmt(out.shape)}` : typeof out;
        throw new Error(`${op}: the function must return a float32 tensor with one element, got ${got}; reduce it with sum() or mean()`);
      }
      const found = out.requiresGrad
        ? runBackward(op, out, onesLike(out), { retainGraph: differentiable, createGraph: differentiable, targets })
        : new Map();
      // An argument the output does not depend on has a zero gradient.
      const grads = targets.map((t) => {
        const edge = edgeOf(t);
        return (edge && found.get(edge)) ?? zerosLike(t);
      });
      const value = withValue ? (differentiable ? out : detach(out)) : null;
      return [value, typeof argnums === 'number' ? grads[0] : grads] as [Tensor | null, Tensor | Tensor[]];
    }, op)));
  } finally {
    // The outermost call frees the graph f recorded; nested calls leave it to the caller.
    if (callDepth() === 0) sweep();
  }
}

/**
 * The gradient of `f` (which returns a one-element float32 tensor) with respect to the
 * arguments at `argnums` (default 0): one tensor, or an array for a list of positions.
 * Arguments need not require grad; no `.grad` is touched. Nested calls differentiate
 * again: `grad(grad(f))` for scalar functions, `grad((x) => grad(f)(x).sum())` otherwise.
 * @example const dfdx = grad((x: Tensor) => x.pow(3).sum())(tensor([1, 2], { dtype: 'float32' })); // [3, 12]
 */
export function grad<Args extends unknown[], A extends Argnums = 0>(
  f: (...args: Args) => Tensor,
  argnums?: A,
): (...args: Args) => GradOf<A> {
  return (...args: Args) => evaluate('grad', f, argnums ?? 0, args, false)[1] as GradOf<A>;
}

/**
 * Like grad, but also returns the value of `f`: `[value, gradient(s)]`.
 * @example const [loss, [dw, db]] = valueAndGrad(lossOf, [0, 1])(w, b);
 */
export function valueAndGrad<Args extends unknown[], A extends Argnums = 0>(
  f: (...args: Args) => Tensor,
  argnums?: A,
): (...args: Args) => [Tensor, GradOf<A>] {
  return (...args: Args) => evaluate('valueAndGrad', f, argnums ?? 0, args, true) as [Tensor, GradOf<A>];
}
