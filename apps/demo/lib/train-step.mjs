// One supervised training step and an evaluation pass over host-side batches, shared by the
// MNIST demo and apps/bench's training benchmark so that both run the same code.
import { tensor, tidy } from '@tessera/core';
import { backward, noGrad } from '@tessera/autograd';
import { crossEntropy } from '@tessera/layers';

/** A batch of host arrays as tensors: images [N, 1, 28, 28] float32 and labels [N] int32. */
function toTensors(images, labels) {
  return tidy(() => [tensor(images).reshape([labels.length, 1, 28, 28]), tensor(labels, { dtype: 'int32' })]);
}

/**
 * Runs the model forward on one batch, back-propagates the cross-entropy (with
 * `labelSmoothing`, as PyTorch's label_smoothing) and lets the optimiser update the parameters. Returns the loss (a one-element tensor the caller reads
 * and disposes); nothing else stays alive.
 * @example const loss = trainStep(model, optimizer, images, labels); total += (await loss.data())[0]; loss.dispose();
 */
export function trainStep(model, optimizer, images, labels, { labelSmoothing = 0 } = {}) {
  const [x, y] = toTensors(images, labels);
  const loss = tidy(() => crossEntropy(model.call(x), y, { labelSmoothing }));
  x.dispose();
  y.dispose();
  backward(loss);
  optimizer.step();
  optimizer.zeroGrad();
  return loss;
}

/**
 * The fraction of `batches` (host arrays, as from mnist-data's batches()) that `model`
 * classifies correctly, in eval mode and without recording gradients.
 * @example const accuracy = await evaluate(model, batches(test, { batchSize: 500 }));
 */
export async function evaluate(model, batches) {
  model.eval();
  let correct = 0;
  let count = 0;
  for (const { images, labels } of batches) {
    const [x, y] = toTensors(images, labels);
    const hits = noGrad(() => tidy(() => model.call(x).argmax(1).eq(y).int().sum()));
    correct += (await hits.data())[0];
    count += labels.length;
    for (const t of [x, y, hits]) t.dispose();
  }
  model.train();
  return correct / count;
}
