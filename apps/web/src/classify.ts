// Running a trained MNIST-shaped classifier on digits in the page: in eval mode, without
// recording gradients, every intermediate freed.
import { softmax, tensor, tidy } from '@tessera/core';
import { noGrad } from '@tessera/autograd';
import type { Module } from '@tessera/layers';
import { normalise, PIXELS } from './mnist-data';

/**
 * The class probabilities `[n × 10]` of `n` digits (pixels in [0, 1], n × 784) under `model`.
 * @example const probs = await classify(model, drawnPixels); // Float32Array(10)
 */
export async function classify(model: Module, pixels: Float32Array): Promise<Float32Array> {
  const n = pixels.length / PIXELS;
  // The mode is restored before awaiting, so that a training step running meanwhile is not
  // left in eval mode (nor an evaluation in training mode).
  const training = model.training;
  model.eval();
  let probs;
  try {
    probs = noGrad(() => tidy(() => softmax(model.call(tensor(normalise(pixels)).reshape([n, 1, 28, 28])), -1)));
  } finally {
    model.train(training);
  }
  const values = (await probs.data()) as Float32Array;
  probs.dispose();
  return values;
}

/** The index of the largest of the `classes` values from `offset`. */
export function argmax(values: ArrayLike<number>, offset = 0, classes = 10): number {
  let best = 0;
  for (let c = 1; c < classes; c++) if (values[offset + c] > values[offset + best]) best = c;
  return best;
}
