// Every loss function against PyTorch 1.13 (fixtures/losses.json, written by
// generate_losses.py): the value within 1e-4 + 1e-3 relative and the gradient of
// sum(upstream·loss) with respect to the input within 1e-4 + 2e-3, with nothing leaked.
import { readFileSync } from 'node:fs';
import { beforeAll, expect, it } from 'vitest';
import { memory, mul, sum, tensor, tidy, type Tensor } from '@tessera/core';
import { backward, enableAutograd } from '@tessera/autograd';
import * as losses from '../src/losses/index';
import { decode, decodeTensor, describeEachBackend, expectClose, type TensorSpec } from '../../../tooling/parity';

interface LossCase {
  name: string;
  fn: string;
  args: unknown[];
  upstream: TensorSpec;
  output: TensorSpec;
  grad: TensorSpec;
}

const fixture = JSON.parse(readFileSync(new URL('./fixtures/losses.json', import.meta.url), 'utf8')) as { cases: LossCase[] };
type LossFn = (input: Tensor, target: Tensor, options?: object) => Tensor;
const functions = losses as unknown as Record<string, LossFn>;
type LossModule = { call(input: Tensor, target: Tensor): Tensor; stateDict(): Record<string, Tensor>; dispose(): void };
const modules: Record<string, new (options: object) => LossModule> = {
  crossEntropy: losses.CrossEntropyLoss,
  nllLoss: losses.NLLLoss,
  mseLoss: losses.MSELoss,
  l1Loss: losses.L1Loss,
  smoothL1Loss: losses.SmoothL1Loss,
  binaryCrossEntropy: losses.BCELoss,
  binaryCrossEntropyWithLogits: losses.BCEWithLogitsLoss,
  klDiv: losses.KLDivLoss,
};

beforeAll(() => {
  enableAutograd();
});

describeEachBackend('loss functions match PyTorch', () => {
  it('covers every loss', () => {
    const covered = new Set(fixture.cases.map((c) => c.fn));
    const all = ['crossEntropy', 'nllLoss', 'mseLoss', 'l1Loss', 'smoothL1Loss', 'binaryCrossEntropy', 'binaryCrossEntropyWithLogits', 'klDiv'];
    expect(all.filter((name) => !covered.has(name))).toEqual([]);
  });

  for (const c of fixture.cases) {
    it(c.name, async () => {
      const before = memory().numTensors;
      const created: Tensor[] = [];
      const [input, target, options] = decode(c.args, created) as [Tensor, Tensor, object];
      input.requiresGrad = true;
      const out = functions[c.fn](input, target, options);
      await expectClose(out, c.output);
      const upstream = decodeTensor(c.upstream);
      const loss = tidy(() => sum(mul(out, upstream)));
      backward(loss);
      await expectClose(input.grad as Tensor, c.grad, 1e-4, 2e-3);
      for (const t of [out, loss, upstream, input.grad as Tensor, ...created]) t.dispose();
      expect(memory().numTensors).toBeLessThanOrEqual(before);
    });
  }

  for (const c of fixture.cases) {
    it(`${modules[c.fn].name}: ${c.name}`, async () => {
      const before = memory().numTensors;
      const created: Tensor[] = [];
      const [input, target, options] = decode(c.args, created) as [Tensor, Tensor, object];
      const module = new modules[c.fn](options);
      const out = module.call(input, target);
      await expectClose(out, c.output);
      // Tensor options are the module's buffers, under PyTorch's names.
      const keys = Object.keys(options).filter((k) => k === 'weight' || k === 'posWeight').map((k) => (k === 'posWeight' ? 'pos_weight' : k));
      expect(Object.keys(module.stateDict()).sort()).toEqual(keys.sort());
      module.dispose();
      for (const t of [out, input, target]) t.dispose();
      expect(created.every((t) => t.isDisposed)).toBe(true);
      expect(memory().numTensors).toBeLessThanOrEqual(before);
    });
  }

  it('rejects bad input naming the loss and the shapes', () => {
    const a = tensor([[1, 2]], { dtype: 'float32' });
    const b = tensor([1, 2], { dtype: 'float32' });
    expect(() => losses.smoothL1Loss(a, b)).toThrow('smoothL1Loss: input [1,2] and target [2] must have the same shape');
    expect(() => losses.smoothL1Loss(b, b, { beta: -1 })).toThrow('smoothL1Loss: beta must be non-negative');
    expect(() => losses.klDiv(b, b, { reduction: 'avg' as 'sum' })).toThrow("klDiv: reduction must be one of 'mean', 'batchmean', 'sum', 'none', got 'avg'");
    a.dispose();
    b.dispose();
  });
});
