// lstmGates and gruGates against PyTorch's cell equations (fixtures/recurrent_gates.json) on
// every backend, their errors for bad shapes and dtypes, and their memory behaviour.
import { expect, it } from 'vitest';
import { describeEachBackend, expectClose } from '../../../tooling/parity';
import { gruGates, lstmGates, memory, tidy, zeros } from '../src/index';
import { decodeAll, gruCases, lstmCases } from './recurrent-cases';

describeEachBackend('lstmGates and gruGates', () => {
  for (const c of lstmCases) {
    it(`lstmGates: ${c.name}`, async () => {
      const before = memory().numTensors;
      const [gates, cPrev] = decodeAll(c.inputs, ['gates', 'cPrev']);
      const [h, cNext] = lstmGates(gates, cPrev);
      await expectClose(h, c.outputs.h);
      await expectClose(cNext, c.outputs.c);
      [gates, cPrev, h, cNext].forEach((t) => t.dispose());
      expect(memory().numTensors).toBe(before);
    });
  }

  for (const c of gruCases) {
    it(`gruGates: ${c.name}`, async () => {
      const before = memory().numTensors;
      const [gi, gh, hPrev] = decodeAll(c.inputs, ['gi', 'gh', 'hPrev']);
      const h = gruGates(gi, gh, hPrev);
      await expectClose(h, c.outputs.h);
      [gi, gh, hPrev, h].forEach((t) => t.dispose());
      expect(memory().numTensors).toBe(before);
    });
  }

  const errors: [string, () => unknown, RegExp][] = [
    ['lstm gates not 4H', () => lstmGates(zeros([2, 10]), zeros([2, 3])),
      /^lstmGates: gates's last dimension \(10\) must be 4·H, a multiple of 4: gates \[2,10\], cPrev \[2,3\]/],
    ['lstm H mismatch', () => lstmGates(zeros([2, 16]), zeros([2, 3])),
      /^lstmGates: gates's last dimension must be 4·H = 12 for cPrev's H = 3: gates \[2,16\], cPrev \[2,3\]/],
    ['lstm batch', () => lstmGates(zeros([2, 12]), zeros([3, 3])), /^lstmGates: batch sizes differ: gates \[2,12\], cPrev \[3,3\]/],
    ['lstm rank', () => lstmGates(zeros([2, 1, 12]), zeros([2, 3])), /^lstmGates: gates must be 2-D \[B, 4H\], got gates \[2,1,12\], cPrev \[2,3\]/],
    ['lstm state rank', () => lstmGates(zeros([2, 12]), zeros([6])), /^lstmGates: cPrev must be 2-D \[B, H\], got gates \[2,12\], cPrev \[6\]/],
    ['lstm dtype', () => lstmGates(zeros([2, 12], { dtype: 'int32' }), zeros([2, 3])), /^lstmGates: gates must be float32, got int32 \(shape \[2,12\]\)/],
    ['gru gh not 3H', () => gruGates(zeros([2, 9]), zeros([2, 10]), zeros([2, 3])),
      /^gruGates: gh's last dimension \(10\) must be 3·H, a multiple of 3: gi \[2,9\], gh \[2,10\], hPrev \[2,3\]/],
    ['gru batch', () => gruGates(zeros([2, 9]), zeros([4, 9]), zeros([2, 3])), /^gruGates: batch sizes differ: gi \[2,9\], gh \[4,9\], hPrev \[2,3\]/],
    ['gru dtype', () => gruGates(zeros([2, 9]), zeros([2, 9]), zeros([2, 3], { dtype: 'bool' })), /^gruGates: hPrev must be float32, got bool \(shape \[2,3\]\)/],
  ];
  for (const [name, fn, pattern] of errors) {
    it(`rejects bad input: ${name}`, () => {
      const before = memory().numTensors;
      expect(() => tidy(fn)).toThrow(pattern);
      expect(memory().numTensors).toBe(before);
    });
  }
});
