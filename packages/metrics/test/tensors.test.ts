// Metrics on tensors from @tessera/core: they only read their inputs (no tensors created or
// freed), agree with a loss computed by core's ops, and stream over training-loop batches.
import { expect, it } from 'vitest';
import { memory, randint, randn, manualSeed, tensor, tidy } from '@tessera/core';
import { describeEachBackend } from '../../../tooling/parity';
import * as M from '../src/index';

describeEachBackend('metrics on tensors', () => {
  it('reads tensors without creating or freeing any', async () => {
    const logits = randn([16, 5]);
    const probs = logits.softmax(1);
    const labels = tensor([0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0]);
    const before = memory();
    const metric = new M.Accuracy();
    await metric.update(logits, labels);
    await M.rocAuc(probs, labels);
    await M.logLoss(probs, labels);
    expect(memory().numTensors).toBe(before.numTensors);
    expect(logits.isDisposed || probs.isDisposed || labels.isDisposed).toBe(false);
    for (const t of [logits, probs, labels]) t.dispose();
  });

  it('perplexity of logits equals exp of the mean negative log-softmax', async () => {
    manualSeed(3);
    const logits = randn([4, 7, 11]);
    const target = randint(0, 11, [4, 7]);
    const loss = tidy(() => logits.reshape([28, 11]).logSoftmax(1).gather(1, target.reshape([28, 1])).mean().neg());
    const fromLogits = await M.perplexity(logits, target);
    const fromLoss = await M.perplexity(loss);
    expect(Math.abs(fromLogits - fromLoss) / fromLogits).toBeLessThan(1e-5);
    for (const t of [logits, target, loss]) t.dispose();
  });

  it('streams accuracy and perplexity over batches as one pass would', async () => {
    manualSeed(11);
    const accuracy = new M.Accuracy();
    const ppl = new M.Perplexity();
    const allLogits: number[][] = [];
    const allTargets: number[] = [];
    for (let step = 0; step < 4; step++) {
      const logits = randn([8, 6]);
      const target = randint(0, 6, [8]);
      await accuracy.update(logits, target);
      await ppl.update(logits, target);
      allLogits.push(...(await logits.array()) as number[][]);
      allTargets.push(...(await target.array()) as number[]);
      logits.dispose();
      target.dispose();
    }
    expect(accuracy.compute()).toBeCloseTo(await M.accuracy(allLogits, allTargets), 12);
    expect(ppl.compute()).toBeCloseTo(await M.perplexity(allLogits, allTargets), 10);
  });
});
