// The rotated-MNIST classifiers: a P4CNN (p4 lifting and group convolutions, rotation
// invariant by construction), a plain CNN of the same shape and about the same parameter
// count, and a small CNN whose last stage is the advection-diffusion PDE block.
import { mean, relu } from '@tessera/core';
import { BatchNorm2d, Conv2d, Linear, MaxPool2d, Module, ReLU, Sequential } from '@tessera/layers';
import { AdvectionDiffusionBlock, GroupBatchNorm, GroupConv2d, groupMaxPool2d, groupPool, LiftingConv2d } from '@tessera/gcnn';

/** Global average over H and W: `[N, C, H, W]` → `[N, C]`. */
class GlobalAvgPool extends Module {
  forward(x) {
    return mean(x, [2, 3]);
  }
}

/**
 * P4CNN: lift 1→c, then group convolutions c→c, c→2c, 2c→2c (3×3, p4), each with
 * GroupBatchNorm and ReLU, max-pooling by 2 after the second and third; then max over the
 * four rotations, mean over space (both invariant) and a linear classifier.
 * @example const model = new P4CNN(); model.call(images); // [N, 10]
 */
export class P4CNN extends Module {
  constructor(c = 6) {
    super();
    const widths = [[1, c], [c, c], [c, 2 * c], [2 * c, 2 * c]];
    this.convs = widths.map(([i, o], n) =>
      this.registerModule(`conv${n}`, n === 0 ? new LiftingConv2d(i, o, 3, { group: 'p4', padding: 1 }) : new GroupConv2d(i, o, 3, { group: 'p4', padding: 1 })),
    );
    this.norms = widths.map(([, o], n) => this.registerModule(`bn${n}`, new GroupBatchNorm(o)));
    this.fc = this.registerModule('fc', new Linear(2 * c, 10));
  }

  forward(x) {
    let h = x;
    this.convs.forEach((conv, n) => {
      h = relu(this.norms[n].call(conv.call(h)));
      if (n === 1 || n === 2) h = groupMaxPool2d(h, { kernelSize: 2 });
    });
    return this.fc.call(mean(groupPool(h, 'max'), [2, 3]));
  }
}

/**
 * The plain CNN of the same shape with twice the channels (about P4CNN's parameter count):
 * conv 1→2c, 2c→2c, pool, 2c→4c, pool, 4c→4c, each with BatchNorm and ReLU, global mean, linear.
 * @example const model = plainCnn(); model.call(images); // [N, 10]
 */
export function plainCnn(c = 6) {
  const block = (i, o) => [new Conv2d(i, o, 3, { padding: 1 }), new BatchNorm2d(o), new ReLU()];
  return new Sequential(
    ...block(1, 2 * c),
    ...block(2 * c, 2 * c),
    new MaxPool2d(2),
    ...block(2 * c, 4 * c),
    new MaxPool2d(2),
    ...block(4 * c, 4 * c),
    new GlobalAvgPool(),
    new Linear(4 * c, 10),
  );
}

/**
 * Two convolution stages (1→c, c→2c, each pooled by 2) and then, instead of more
 * convolutions, one advection-diffusion block on the 7×7 maps (K = 5, dt = 0.2), global mean, linear.
 * @example const model = pdeClassifier(); model.call(images); // [N, 10]
 */
export function pdeClassifier(c = 12) {
  return new Sequential(
    new Conv2d(1, c, 3, { padding: 1 }),
    new BatchNorm2d(c),
    new ReLU(),
    new MaxPool2d(2),
    new Conv2d(c, 2 * c, 3, { padding: 1 }),
    new BatchNorm2d(2 * c),
    new ReLU(),
    new MaxPool2d(2),
    new AdvectionDiffusionBlock(2 * c, { steps: 5, dt: 0.2 }),
    new GlobalAvgPool(),
    new Linear(2 * c, 10),
  );
}

/** The models by name, as the demo's `--models` option takes them. */
export const rotatedModels = { p4cnn: () => new P4CNN(), cnn: () => plainCnn(), pde: () => pdeClassifier() };
