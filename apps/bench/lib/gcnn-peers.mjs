// The peers of gcnn.mjs, in the `{ label, prepare }` shape of timing.mjs's measureCase: one
// run is the forward and backward pass (gradients of the input and the weight) of a p4 group
// convolution, or of the plain conv2d with the same output channel count, on fixed inputs.
import * as core from '@tessera/core';
import { backward, zeroGrad } from '@tessera/autograd';
import { GroupConv2d } from '@tessera/gcnn';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
// TensorFlow.js registers its gradient functions when tfjs-layers loads (tfjs-core alone has none).
import '@tensorflow/tfjs-layers';
import { values } from './cases.mjs';

const ORDER = 4;

function tesseraPeer(label, kind, threads) {
  return {
    label,
    async prepare(c) {
      const activate = async () => {
        await core.setBackend('wasm');
        await core.setThreads(threads);
      };
      await activate();
      const { n, channels, size, k } = c;
      const t = (shape, seed) => core.tensor(values(shape.reduce((a, b) => a * b, 1), seed)).reshape(shape);
      const planes = channels * ORDER;
      let x;
      let leaves;
      let op;
      if (kind === 'group') {
        const layer = new GroupConv2d(channels, channels, k, { group: 'p4', padding: (k - 1) / 2, bias: false });
        x = t([n, channels, ORDER, size, size], 1);
        leaves = [x, layer.weight];
        op = () => layer.call(x);
        leaves.dispose = () => layer.dispose();
      } else {
        x = t([n, planes, size, size], 1);
        const weight = t([planes, planes, k, k], 2);
        leaves = [x, weight];
        op = () => core.conv2d(x, weight, undefined, { padding: (k - 1) / 2 });
        leaves.dispose = () => weight.dispose();
      }
      for (const leaf of leaves) leaf.requiresGrad = true;
      const upstream = t([n, planes, size, size], 3);
      return {
        activate,
        run: async () => {
          const y = op();
          backward(y, upstream.reshape(y.shape));
          y.dispose();
          zeroGrad(leaves);
        },
        dispose: () => {
          leaves.dispose();
          for (const tensor of [x, upstream]) tensor.dispose();
        },
      };
    },
  };
}

/** p4's filter-bank gather index for a `[C', C, 4, k, k]` weight flattened per output channel, written out here for TensorFlow.js. */
function p4BankIndex(channels, k) {
  // rotations[h][p]: the pixel of the k×k filter that pixel p of the filter rotated h times (rot90's direction) copies.
  const rotations = [Array.from({ length: k * k }, (_, p) => p)];
  for (let h = 1; h < ORDER; h++) rotations.push(rotations[h - 1].map((_, p) => rotations[h - 1][Math.floor(p % k) * k + (k - 1 - Math.floor(p / k))]));
  const index = [];
  for (let h = 0; h < ORDER; h++) {
    for (let i = 0; i < channels; i++) {
      for (let t = 0; t < ORDER; t++) {
        for (let p = 0; p < k * k; p++) index.push((i * ORDER + ((t - h + ORDER) % ORDER)) * k * k + rotations[h][p]);
      }
    }
  }
  return index;
}

/**
 * The same p4 layer composed in TensorFlow.js: the bank is the weight times a 0/1 selection
 * matrix (the gather as a matmul: tf.gather's gradient on the cpu backend loops over
 * segments and took seconds per run even on the quick case), tf.conv2d (NHWC) convolves and
 * tf.grads differentiates.
 */
function tfjsPeer(label, backend) {
  return {
    label,
    async prepare(c) {
      const activate = async () => {
        await tf.setBackend(backend);
        await tf.ready();
      };
      await activate();
      const { n, channels, size, k } = c;
      const planes = channels * ORDER;
      const t = (shape, seed) => tf.tensor(values(shape.reduce((a, b) => a * b, 1), seed), shape);
      const x = t([n, size, size, planes], 1);
      const weight = t([channels, channels * ORDER * k * k], 2);
      const index = p4BankIndex(channels, k);
      const rows = channels * ORDER * k * k;
      const selection = new Float32Array(rows * index.length);
      index.forEach((source, column) => {
        selection[source * index.length + column] = 1;
      });
      const select = tf.tensor2d(selection, [rows, index.length]);
      const upstream = t([n, size, size, planes], 3);
      const layer = (input, w) => {
        const bank = tf.reshape(tf.matMul(w, select), [planes, planes, k, k]);
        return tf.conv2d(input, tf.transpose(bank, [2, 3, 1, 0]), 1, 'same');
      };
      const gradients = tf.grads((input, w) => layer(input, w));
      const run = async () => tf.tidy(() => void gradients([x, weight], upstream));
      const dispose = () => [x, weight, select, upstream].forEach((tensor) => tensor.dispose());
      // NOTE: tfjs-backend-wasm 4.22 has no Conv2DBackpropFilter kernel; a first run finds out
      // and the peer is reported as not run, with the reason (as train.mjs does).
      try {
        await run();
      } catch (error) {
        dispose();
        this.skipped = error.message;
        return null;
      }
      return {
        activate,
        forward: (input, w) => tf.tidy(() => layer(input, w)),
        run,
        dispose,
      };
    },
  };
}

/** The peers in report order; `threads` is the thread count of the threaded wasm column. */
export function gcnnPeers(threads) {
  return [
    tesseraPeer('tessera p4 GroupConv2d, 1 thread', 'group', 1),
    tesseraPeer('tessera conv2d, 1 thread', 'plain', 1),
    tesseraPeer(`tessera p4 GroupConv2d, ${threads} threads`, 'group', threads),
    tesseraPeer(`tessera conv2d, ${threads} threads`, 'plain', threads),
    tfjsPeer('tfjs cpu p4 layer', 'cpu'),
    tfjsPeer('tfjs wasm p4 layer', 'wasm'),
  ];
}
