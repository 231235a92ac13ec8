// gradcheck on every op: the analytic gradient of each fixture case (with the fixture's
// inputs) against central finite differences, on every backend. Cases that sit exactly on
// a kink (ties, relu at 0) are PyTorch-convention checks only and are left out here.
import { expect, it } from 'vitest';
import { memory, type Tensor } from '@tessera/core';
import { gradcheck } from '../src/index';
import { describeEachBackend } from '../../../tooling/parity';
import { argAt, callOp, decodeArgs, gradCases, joined, withArgs } from './cases';

describeEachBackend('gradcheck', () => {
  for (const c of gradCases.filter((k) => k.gradcheck)) {
    it(c.name, async () => {
      const before = memory().numTensors;
      const { args, created } = decodeArgs(c.args);
      const leaves = c.grad.map((path) => argAt(args, path) as Tensor);
      const f = (...xs: Tensor[]) => joined(callOp(c.op, withArgs(args, c.grad, xs)));
      await expect(gradcheck(f, leaves)).resolves.toBe(true);
      for (const t of created) t.dispose();
      // At most: a graph left by an earlier failed case may be freed here.
      expect(memory().numTensors).toBeLessThanOrEqual(before);
    });
  }
});
