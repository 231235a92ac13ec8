// FAVOR+ behaves as the paper says: its error against exact softmax attention falls as the
// number of random features m grows, and orthogonal features come in orthogonal blocks.
//
// The bound: FAVOR+ is a Monte Carlo average over m features, so for fixed inputs the errors of
// its numerator and denominator have standard deviation ∝ m^(-1/2), and so (to first order)
// has their ratio: each 4× in m should halve the error, 8× from m = 16 to 1024. Higher-order
// terms slow this at small m, and four seeds leave sampling noise, so the test asks for less:
// every 4× step lowers the mean error by at least 1.25×, and 16 → 1024 by at least 3×. Inputs
// are N(0, 0.25) with d = 16, where the estimator's variance (∝ exp(‖q‖² + ‖k‖²)) is moderate.
//
// The property is statistical, so it runs on js and wasm; webgpu's FAVOR+ arithmetic is
// checked against PyTorch with fixed features (efficient.test.ts), and drawing 1,024
// orthogonal features there (64 Gram-Schmidt blocks, thousands of dispatches) takes minutes on
// SwiftShader.
import { expect, it } from 'vitest';
import { abs, eye, manualSeed, matmul, mean, narrow, randn, sub, tidy, transpose, type Tensor } from '@tessera/core';
import { describeEachBackend } from '../../../tooling/parity';
import { drawRandomFeatures, favorAttention, scaledDotProductAttention } from '../src/index';

const L = 256;
const D = 16;
const SEEDS = 4;
const FEATURES = [16, 64, 256, 1024];

async function meanError(q: Tensor, k: Tensor, v: Tensor, exact: Tensor, m: number): Promise<number> {
  let total = 0;
  for (let seed = 0; seed < SEEDS; seed++) {
    manualSeed(100 + seed);
    const error = tidy(() => mean(abs(sub(favorAttention(q, k, v, { features: drawRandomFeatures(m, D) }), exact))));
    total += Number(await error.item());
    error.dispose();
  }
  return total / SEEDS;
}

describeEachBackend('FAVOR+ approximation', (backend) => {
  it.skipIf(backend === 'webgpu')('error against exact attention falls as numFeatures grows', async () => {
    manualSeed(3);
    const [q, k, v] = [randn([1, L, D]).mul(0.5), randn([1, L, D]).mul(0.5), randn([1, L, D])];
    const exact = scaledDotProductAttention(q, k, v);
    const errors: number[] = [];
    for (const m of FEATURES) errors.push(await meanError(q, k, v, exact, m));
    for (let i = 1; i < errors.length; i++) {
      expect(errors[i], `m=${FEATURES[i]} against m=${FEATURES[i - 1]}: ${errors}`).toBeLessThan(errors[i - 1] / 1.25);
    }
    expect(errors[0] / errors[errors.length - 1]).toBeGreaterThan(3);
    for (const t of [q, k, v, exact]) t.dispose();
  });

  it('orthogonal features come in blocks of d orthogonal rows', async () => {
    manualSeed(5);
    const w = drawRandomFeatures(2 * D + 3, D);
    expect(w.shape).toEqual([2 * D + 3, D]);
    for (const start of [0, D]) {
      const gram = tidy(() => {
        const block = narrow(w, 0, start, D);
        const g = matmul(block, transpose(block, 0, 1));
        // Off-diagonal entries relative to the rows' lengths: 0 up to float32 rounding.
        return abs(g.mul(sub(1, eye(D)))).div(mean(g.mul(eye(D))).mul(D));
      });
      for (const x of await gram.data()) expect(x).toBeLessThan(1e-4);
      gram.dispose();
    }
    w.dispose();
  });
});
