// The two MNIST classifiers of the demo, built from @tessera/layers; the CNN is also the model
// whose training throughput apps/bench measures. Both take images shaped [N, 1, 28, 28].
import { Conv2d, Dropout, Flatten, Linear, MaxPool2d, ReLU, Sequential } from '@tessera/layers';

/**
 * A multilayer perceptron 784-1024-10 with ReLU and dropout.
 * @example const model = mlp(); const logits = model.call(images); // [N, 10]
 */
export function mlp({ hidden = 1024, dropout = 0.5 } = {}) {
  return new Sequential(new Flatten(), new Linear(28 * 28, hidden), new ReLU(), new Dropout(dropout), new Linear(hidden, 10));
}

/**
 * A small convolutional network: conv 1→16 3x3, ReLU, max-pool 2, conv 16→32 3x3, ReLU,
 * max-pool 2, linear 32·7·7 → 10.
 * @example const model = cnn(); const logits = model.call(images); // [N, 10]
 */
export function cnn() {
  return new Sequential(
    new Conv2d(1, 16, 3, { padding: 1 }),
    new ReLU(),
    new MaxPool2d(2),
    new Conv2d(16, 32, 3, { padding: 1 }),
    new ReLU(),
    new MaxPool2d(2),
    new Flatten(),
    new Linear(32 * 7 * 7, 10),
  );
}

/** The models by name, as the demo's `--model` option takes them. */
export const models = { mlp, cnn };
