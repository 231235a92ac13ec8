// Gradients of the fused lstmGates and gruGates against PyTorch (fixtures in core's
// test/fixtures/recurrent_gates.json) on every backend; a recurrence over several steps
// keeps a flat tensor count; double backward fails clearly.
import { beforeAll, expect, it } from 'vitest';
import { add, gruGates, lstmGates, memory, mul, randn, sum, tidy, type Tensor } from '@tessera/core';
import { backward, enableAutograd, grad } from '../src/index';
import { describeEachBackend, expectClose } from '../../../tooling/parity';
import { decodeAll, gruCases, lstmCases } from '../../core/test/recurrent-cases';

const ATOL = 1e-4;
const RTOL = 2e-3;

beforeAll(() => {
  enableAutograd();
});

/** Backpropagates the upstream gradients of `outputs` and compares every input's gradient. */
async function checkGrads(inputs: Tensor[], names: string[], outputs: Tensor[], upstream: Tensor[], expected: Record<string, Parameters<typeof expectClose>[1]>): Promise<void> {
  // Σ upstream·output has exactly the upstream gradients as its output gradients.
  const loss = tidy(() => outputs.map((o, i) => sum(mul(o, upstream[i]))).reduce((a, b) => add(a, b)));
  backward(loss);
  for (const [i, input] of inputs.entries()) {
    expect(input.grad, `gradient of ${names[i]}`).not.toBeNull();
    await expectClose(input.grad as Tensor, expected[names[i]], ATOL, RTOL);
  }
  [loss, ...outputs, ...upstream, ...inputs.map((t) => t.grad as Tensor), ...inputs].forEach((t) => t.dispose());
}

describeEachBackend('lstmGates and gruGates gradients', () => {
  for (const c of lstmCases) {
    it(`lstmGates: ${c.name}`, async () => {
      const before = memory().numTensors;
      const inputs = decodeAll(c.inputs, ['gates', 'cPrev']);
      for (const t of inputs) t.requiresGrad = true;
      const [h, cNext] = lstmGates(inputs[0], inputs[1]);
      await checkGrads(inputs, ['gates', 'cPrev'], [h, cNext], decodeAll(c.upstream, ['h', 'c']), c.grads);
      // No growth (webgpu may finalise an earlier case's collected tensors meanwhile); the
      // repeated-recurrence test below checks the count stays exactly flat.
      expect(memory().numTensors).toBeLessThanOrEqual(before);
    });
  }

  for (const c of gruCases) {
    it(`gruGates: ${c.name}`, async () => {
      const before = memory().numTensors;
      const inputs = decodeAll(c.inputs, ['gi', 'gh', 'hPrev']);
      for (const t of inputs) t.requiresGrad = true;
      const h = gruGates(inputs[0], inputs[1], inputs[2]);
      await checkGrads(inputs, ['gi', 'gh', 'hPrev'], [h], decodeAll(c.upstream, ['h']), c.grads);
      // No growth (webgpu may finalise an earlier case's collected tensors meanwhile); the
      // repeated-recurrence test below checks the count stays exactly flat.
      expect(memory().numTensors).toBeLessThanOrEqual(before);
    });
  }

  it('gives gradients only to the inputs that require them (a loss of h alone)', async () => {
    const c = lstmCases[1];
    const [gates, cPrev] = decodeAll(c.inputs, ['gates', 'cPrev']);
    gates.requiresGrad = true;
    const [h, cNext] = lstmGates(gates, cPrev);
    const loss = tidy(() => sum(h));
    backward(loss);
    expect(cPrev.grad).toBeNull();
    expect(gates.grad?.shape).toEqual(gates.shape);
    [loss, h, cNext, gates.grad as Tensor, gates, cPrev].forEach((t) => t.dispose());
  });

  it('holds a flat tensor count over repeated recurrences of both cells', () => {
    const [B, H, steps] = [3, 8, 4];
    const gates = tidy(() => randn([B, 4 * H]));
    const projection = tidy(() => randn([B, 3 * H]));
    for (const t of [gates, projection]) t.requiresGrad = true;
    const counts: number[] = [];
    for (let round = 0; round < 4; round++) {
      const loss = tidy(() => {
        let c = randn([B, H]);
        let h = randn([B, H]);
        let total = sum(c);
        for (let t = 0; t < steps; t++) {
          const [hNext, cNext] = lstmGates(add(gates, 0.1 * t), c);
          c = cNext;
          h = gruGates(projection, mul(projection, 0.5), add(h, hNext));
          total = add(total, sum(mul(h, c)));
        }
        return total;
      });
      backward(loss);
      loss.dispose();
      for (const t of [gates, projection]) {
        t.grad?.dispose();
        t.grad = null;
      }
      counts.push(memory().numTensors);
    }
    expect(new Set(counts).size).toBe(1);
    [gates, projection].forEach((t) => t.dispose());
  });

  it('refuses a double backward with a clear error', () => {
    const cPrev = tidy(() => randn([2, 3]));
    const inner = (gates: Tensor) => sum(lstmGates(gates, cPrev)[0]);
    const outer = (gates: Tensor) => sum(grad(inner)(gates));
    const gates = tidy(() => randn([2, 12]));
    expect(() => grad(outer)(gates)).toThrow(/^lstmGates: double backward \(a gradient of the gradient, through lstmGatesGrad\) is not supported/);
    const h = tidy(() => randn([2, 3]));
    const innerGru = (gi: Tensor) => sum(gruGates(gi, gi, h));
    expect(() => grad((gi: Tensor) => sum(grad(innerGru)(gi)))(tidy(() => randn([2, 9])))).toThrow(/^gruGates: double backward/);
    [cPrev, gates, h].forEach((t) => t.dispose());
  });
});
