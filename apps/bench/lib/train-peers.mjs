// The training peers of train.mjs, in the `{ label, prepare }` shape that timing.mjs's
// measureCase takes (the case carries the batch): each builds the demo's MNIST CNN on its backend and `run` is one
// optimisation step (forward, cross-entropy, backward, Adam) on a fixed batch, from host
// arrays to the loss read back, so every peer uploads the batch and waits for its result.
import * as core from '@tessera/core';
import { Adam } from '@tessera/layers';
import { cnn } from '@tessera/demo/lib/mnist-models.mjs';
import { trainStep } from '@tessera/demo/lib/train-step.mjs';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tfl from '@tensorflow/tfjs-layers';

/** Tessera's CNN (from apps/demo) with Adam on `backend`; `threads` for wasm. */
export function tesseraTrainer(label, backend, threads) {
  return {
    label,
    async prepare({ batch }) {
      // The webgpu backend registers itself from its own entry point.
      if (backend === 'webgpu') await import('@tessera/core/webgpu');
      const activate = async () => {
        await core.setBackend(backend);
        if (backend === 'wasm') await core.setThreads(threads);
      };
      await activate();
      core.manualSeed(0);
      const model = cnn();
      const optimizer = new Adam(model.parameters(), { lr: 1e-3 });
      return {
        activate,
        run: async () => {
          const loss = trainStep(model, optimizer, batch.images, batch.labels);
          await loss.data();
          loss.dispose();
        },
        dispose: () => {
          optimizer.dispose();
          model.dispose();
        },
      };
    },
  };
}

/** The same CNN in tfjs-layers (NHWC, which for one channel is the same memory) with Adam. */
function tfjsCnn() {
  const model = tfl.sequential({
    layers: [
      tfl.layers.conv2d({ inputShape: [28, 28, 1], filters: 16, kernelSize: 3, padding: 'same', activation: 'relu' }),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.conv2d({ filters: 32, kernelSize: 3, padding: 'same', activation: 'relu' }),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
  return model;
}

/**
 * TensorFlow.js's CNN on its `backend` (cpu or wasm), trained with model.trainOnBatch;
 * `skipped` holds the error when the backend cannot train it.
 */
export function tfjsTrainer(label, backend) {
  return {
    label,
    async prepare({ batch }) {
      // TensorFlow.js would copy variables over to whichever backend is active when a step runs.
      const activate = async () => {
        await tf.setBackend(backend);
        await tf.ready();
      };
      await activate();
      const model = tfjsCnn();
      const n = batch.labels.length;
      const run = async () => {
        const x = tf.tensor4d(batch.images, [n, 28, 28, 1]);
        const y = tf.tidy(() => tf.oneHot(tf.tensor1d(batch.labels, 'int32'), 10));
        try {
          await model.trainOnBatch(x, y);
        } finally {
          x.dispose();
          y.dispose();
        }
      };
      // NOTE: tfjs-backend-wasm 4.22 has no Conv2DBackpropFilter kernel, so a CNN cannot train
      // there; a first step finds out, and the peer is reported as not run, with the reason.
      try {
        await run();
      } catch (error) {
        model.dispose();
        this.skipped = error.message;
        return null;
      }
      return { activate, run, dispose: () => model.dispose() };
    },
  };
}
