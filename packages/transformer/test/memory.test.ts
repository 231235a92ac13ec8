// Memory stays flat while training: the live tensor count after every step never exceeds the
// count after the first. An encoder–decoder Transformer (dropout on, padding and causal masks)
// and a GPT (two micro-batches accumulated per step, label smoothing, NoamLR) train for a few
// steps on every backend, so a leak of one tensor per step shows; the loss must move. On
// webgpu (SwiftShader) the first steps compile the shaders: about 30 s alone, more under load.
import { beforeAll, expect, it } from 'vitest';
import { crossEntropy, manualSeed, matmul, memory, randint, randn, reshape, tidy, zeros, type Tensor } from '@tessera/core';
import { backward, enableAutograd } from '@tessera/autograd';
import { Adam, NoamLR, type Module } from '@tessera/layers';
import { describeEachBackend } from '../../../tooling/parity';
import { GPT, Transformer } from '../src/index';

beforeAll(() => enableAutograd());

/** Trains `model` for `steps` optimiser steps of `microBatches` accumulated losses; checks the count. */
async function expectFlat(model: Module, steps: number, microBatches: number, loss: () => Tensor): Promise<void> {
  const optimizer = new Adam(model.parameters(), { lr: 1, betas: [0.9, 0.98], eps: 1e-9 });
  const scheduler = new NoamLR(optimizer, { dModel: 16, warmupSteps: 4 });
  let baseline = -1;
  const losses: number[] = [];
  for (let step = 0; step < steps; step++) {
    for (let m = 0; m < microBatches; m++) {
      // Gradient accumulation: backward adds into .grad; scale so the sum is the mean loss.
      const l = tidy(() => loss().div(microBatches));
      backward(l);
      if (m === 0 && (step === 0 || step === steps - 1)) losses.push(Number(await l.item()));
      l.dispose();
    }
    optimizer.step();
    scheduler.step();
    optimizer.zeroGrad();
    if (step === 0) baseline = memory().numTensors;
    else if (memory().numTensors > baseline) throw new Error(`step ${step}: ${memory().numTensors} live tensors, ${baseline} after the first step`);
  }
  expect(losses[1]).not.toBe(losses[0]);
  model.dispose();
}

describeEachBackend('transformer training memory', (backend) => {
  const steps = backend === 'webgpu' ? 4 : 20;

  it('Transformer: flat over the training steps (dropout, masks)', async () => {
    manualSeed(11);
    const model = new Transformer({ dModel: 16, nhead: 2, numEncoderLayers: 1, numDecoderLayers: 1, dimFeedforward: 32, batchFirst: true });
    const [src, tgt, target, head] = [randn([2, 6, 16]), randn([2, 5, 16]), randint(0, 7, [10]), randn([7, 16])];
    const padding = zeros([2, 6], { dtype: 'bool' });
    const tgtMask = Transformer.generateSquareSubsequentMask(5);
    await expectFlat(model, steps, 1, () => {
      const out = model.call(src, tgt, { tgtMask, srcKeyPaddingMask: padding, memoryKeyPaddingMask: padding });
      return crossEntropy(matmul(reshape(out, [10, 16]), head.transpose(0, 1)), target, { labelSmoothing: 0.1 });
    });
    for (const t of [src, tgt, target, head, padding, tgtMask]) t.dispose();
  }, 240_000);

  it('GPT: flat over the training steps (accumulated micro-batches, label smoothing)', async () => {
    manualSeed(12);
    const gpt = new GPT({ vocabSize: 11, contextLength: 8, dModel: 16, nLayer: 2, nHead: 2, dropout: 0.1, positions: 'rotary' });
    const tokens = randint(0, 11, [2, 8]);
    const inputs = tokens.narrow(1, 0, 7);
    const targets = reshape(tokens.narrow(1, 1, 7), [14]);
    await expectFlat(gpt, steps, 2, () => crossEntropy(reshape(gpt.call(inputs), [14, 11]), targets, { labelSmoothing: 0.1 }));
    for (const t of [tokens, inputs, targets]) t.dispose();
  }, 240_000);
});
