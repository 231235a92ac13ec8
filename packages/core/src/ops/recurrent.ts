// The fused gate updates of LSTM and GRU cells: a recurrent layer runs its input projection
// for all steps in one matmul, then per step one hidden matmul and one of these kernels
// (with a fused backward), instead of about ten element-wise ops per step.
import { runKernel, tidy } from '../engine.js';
import { check, fmt } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { live, requireFloat, sameBackend } from './args.js';
import { narrow } from './slicing.js';

/** Checks the shared shape rules: `state [B, H]`, each projection `[B, blocks·H]`. */
function checkGates(op: string, state: Tensor, stateName: string, projections: readonly [Tensor, string][], blocks: number): void {
  const all: [Tensor, string][] = [...projections, [state, stateName]];
  for (const [t, name] of all) {
    live(op, t, name);
    requireFloat(op, t, name);
  }
  const shapes = () => all.map(([t, name]) => `${name} ${fmt(t.shape)}`).join(', ');
  check(state.ndim === 2, op, () => `${stateName} must be 2-D [B, H], got ${shapes()}`);
  const [B, H] = state.shape;
  for (const [t, name] of projections) {
    check(t.ndim === 2, op, () => `${name} must be 2-D [B, ${blocks}H], got ${shapes()}`);
    check(t.shape[1] % blocks === 0, op, () => `${name}'s last dimension (${t.shape[1]}) must be ${blocks}·H, a multiple of ${blocks}: ${shapes()}`);
    check(t.shape[1] === blocks * H, op, () => `${name}'s last dimension must be ${blocks}·H = ${blocks * H} for ${stateName}'s H = ${H}: ${shapes()}`);
    check(t.shape[0] === B, op, () => `batch sizes differ: ${shapes()}`);
  }
  sameBackend(op, all.map(([t]) => t));
}

/**
 * One LSTM step's state update from the gate pre-activations `gates [B, 4H]` (x·W_ihᵀ + b_ih
 * + h·W_hhᵀ + b_hh, in PyTorch's order i|f|g|o) and the previous cell state `cPrev [B, H]`:
 * `c = σ(f)·cPrev + σ(i)·tanh(g)` and `h = σ(o)·tanh(c)`, as `[h, c]`. One fused kernel
 * forward and one backward (recomputing the activations) on every backend.
 * @example
 * const gates = add(matmul(x, transpose(wIh, 0, 1)), matmul(h, transpose(wHh, 0, 1))); // [B, 4H]
 * const [hNext, cNext] = lstmGates(gates, c);
 */
export function lstmGates(gates: Tensor, cPrev: Tensor): [h: Tensor, c: Tensor] {
  checkGates('lstmGates', cPrev, 'cPrev', [[gates, 'gates']], 4);
  const [B, H] = cPrev.shape;
  return tidy(() => {
    const packed = runKernel('lstmGates', [gates, cPrev], {}, [B, 2 * H], 'float32');
    return [narrow(packed, 1, 0, H), narrow(packed, 1, H, H)];
  });
}

/**
 * One GRU step's new hidden state from the input projection `gi [B, 3H]` (x·W_ihᵀ + b_ih),
 * the hidden projection `gh [B, 3H]` (h·W_hhᵀ + b_hh), both in PyTorch's order r|z|n, and
 * `hPrev [B, H]`: `r = σ(gi_r + gh_r)`, `z = σ(gi_z + gh_z)`, `n = tanh(gi_n + r·gh_n)`,
 * `h = (1 − z)·n + z·hPrev`, as PyTorch's GRU (b_hn inside the reset gate's product). One
 * fused kernel forward and one backward on every backend.
 * @example
 * const h1 = gruGates(add(matmul(x, wIhT), bIh), add(matmul(h0, wHhT), bHh), h0); // [B, H]
 */
export function gruGates(gi: Tensor, gh: Tensor, hPrev: Tensor): Tensor {
  checkGates('gruGates', hPrev, 'hPrev', [[gi, 'gi'], [gh, 'gh']], 3);
  return runKernel('gruGates', [gi, gh, hPrev], {}, hPrev.shape, 'float32');
}
