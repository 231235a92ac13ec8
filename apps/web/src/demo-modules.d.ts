// Types for the JavaScript modules the app shares with the Node demo (apps/demo/lib).
declare module '@tessera/demo/lib/mnist-models.mjs' {
  import type { Module } from '@tessera/layers';
  /** The MLP and the CNN of the MNIST demo. */
  export const models: { mlp: () => Module; cnn: () => Module };
}

declare module '@tessera/demo/lib/mnist-batches.mjs' {
  /** MNIST's pixel mean. */
  export const MEAN: number;
  /** MNIST's pixel standard deviation. */
  export const STD: number;
  /** Normalised, optionally shuffled and shifted mini-batches of a digit set. */
  export function batches(
    set: { images: Float32Array; labels: Int32Array; count: number },
    options: { batchSize: number; random?: (() => number) | null; shift?: number; dropLast?: boolean },
  ): Generator<{ images: Float32Array; labels: Int32Array }>;
}

declare module '@tessera/demo/lib/train-step.mjs' {
  import type { Tensor } from '@tessera/core';
  import type { Module, Optimizer } from '@tessera/layers';
  /** One training step; returns the loss tensor for the caller to read and dispose. */
  export function trainStep(model: Module, optimizer: Optimizer, images: Float32Array, labels: Int32Array, options?: { labelSmoothing?: number }): Tensor;
  /** The fraction of the batches the model classifies correctly. */
  export function evaluate(model: Module, batches: Iterable<{ images: Float32Array; labels: Int32Array }>): Promise<number>;
}

declare module '@tessera/demo/lib/karate-gcn.mjs' {
  import type { CsrGraph, Tensor } from '@tessera/core';
  import type { Linear, Module } from '@tessera/layers';
  /** The karate club's GCN: a 2-D embedding and a linear classifier of the two factions. */
  export class KarateGcn extends Module {
    classifier: Linear;
    embed(x: Tensor, graph: CsrGraph): Tensor;
    forward(x: Tensor, graph: CsrGraph): Tensor;
  }
}

declare module '@tessera/demo/lib/gcnn-models.mjs' {
  import type { Module, Sequential } from '@tessera/layers';
  import type { LiftingConv2d } from '@tessera/gcnn';
  /** The rotated-MNIST P4CNN; `convs[0]` is its lifting convolution. */
  export class P4CNN extends Module {
    constructor(c?: number);
    convs: [LiftingConv2d, ...Module[]];
  }
  /** The plain CNN of about the P4CNN's parameter count. */
  export function plainCnn(c?: number): Sequential;
}
