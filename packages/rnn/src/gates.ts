// The per-step gate arithmetic of LSTM and GRU, composed from core ops until core's fused
// lstmGates/gruGates kernels land (same signatures); every recurrent module imports them from
// here only, so switching to the kernels is a one-file change.
import { add, mul, narrow, sigmoid, sub, tanh, tidy, type Tensor } from '@tessera/core';

/** The `k`-th of the `n` equal blocks of `x`'s last dimension (a gate's columns). */
function gate(x: Tensor, k: number, n: number): Tensor {
  const h = x.shape[1] / n;
  return narrow(x, 1, k * h, h);
}

/**
 * One LSTM step from its gate pre-activations `gates` `[B, 4H]` (PyTorch's order i|f|g|o) and
 * the previous cell `cPrev` `[B, H]`: `c = σ(f)·cPrev + σ(i)·tanh(g)`, `h = σ(o)·tanh(c)`.
 * @example const [h, c] = lstmGates(add(xProj, hProj), cPrev);
 */
export function lstmGates(gates: Tensor, cPrev: Tensor): [Tensor, Tensor] {
  return tidy(() => {
    const c = add(mul(sigmoid(gate(gates, 1, 4)), cPrev), mul(sigmoid(gate(gates, 0, 4)), tanh(gate(gates, 2, 4))));
    const h = mul(sigmoid(gate(gates, 3, 4)), tanh(c));
    return [h, c];
  });
}

/**
 * One GRU step from the input projection `gi` `[B, 3H]` (with `b_ih`), the hidden projection
 * `gh` `[B, 3H]` (with `b_hh`, PyTorch's order r|z|n) and `hPrev` `[B, H]`:
 * `r = σ(gi_r+gh_r)`, `z = σ(gi_z+gh_z)`, `n = tanh(gi_n + r·gh_n)`, `h = (1−z)·n + z·hPrev`.
 * @example const h = gruGates(xProj, hProj, hPrev);
 */
export function gruGates(gi: Tensor, gh: Tensor, hPrev: Tensor): Tensor {
  return tidy(() => {
    const r = sigmoid(add(gate(gi, 0, 3), gate(gh, 0, 3)));
    const z = sigmoid(add(gate(gi, 1, 3), gate(gh, 1, 3)));
    const n = tanh(add(gate(gi, 2, 3), mul(r, gate(gh, 2, 3))));
    // (1 − z)·n + z·hPrev = n + z·(hPrev − n)
    return add(n, mul(z, sub(hPrev, n)));
  });
}
