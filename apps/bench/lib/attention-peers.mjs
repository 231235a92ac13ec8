// The peers of the attention benchmark, behind lib/timing.mjs's interface: Tessera's fused
// scaledDotProductAttention, the same attention composed from Tessera ops (matmul, softmax,
// matmul), and TensorFlow.js composing the same on its cpu and wasm backends. A run is the
// forward pass, or the forward pass and the gradients of q, k and v of Σ output.
import * as core from '@tessera/core';
import { grad } from '@tessera/autograd';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
// tfjs-core's Node bundle registers no gradients; tfjs-layers registers them all (in tfjs's
// global registry) when loaded, as in the training benchmark.
import '@tensorflow/tfjs-layers';
import { values } from './cases.mjs';

/** Attention on `[B, L, E]` inputs composed from Tessera ops, as a user without the kernel would. */
function composedTessera(q, k, v) {
  const scale = 1 / Math.sqrt(q.shape[2]);
  return core.matmul(core.softmax(core.mul(core.matmul(q, core.transpose(k, 1, 2)), scale), -1), v);
}

function fusedTessera(q, k, v) {
  return core.scaledDotProductAttention(q, k, v);
}

function composedTfjs(q, k, v) {
  return tf.matMul(tf.softmax(tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(q.shape[2]))), v);
}

/** The three input shapes of a case: query, key and value. */
function shapes(c) {
  return [[c.batch, c.queries, c.depth], [c.batch, c.keys, c.depth], [c.batch, c.keys, c.depth]];
}

/** A Tessera peer: the fused kernel or the composition, on one backend and thread count. */
export function tesseraAttention(label, backend, threads, fused) {
  const attend = fused ? fusedTessera : composedTessera;
  return {
    label,
    fused,
    async prepare(c) {
      const activate = async () => {
        await core.setBackend(backend);
        if (backend === 'wasm') await core.setThreads(threads);
      };
      await activate();
      // In tidy, so that the flat tensor behind each reshaped input is freed with it.
      const inputs = core.tidy(() => shapes(c).map((shape, i) => core.tensor(values(shape.reduce((a, b) => a * b, 1), i + 1)).reshape(shape)));
      const gradients = grad((q, k, v) => core.sum(attend(q, k, v)), [0, 1, 2]);
      const run = c.backward
        ? async () => gradients(...inputs).forEach((g) => g.dispose())
        : async () => core.tidy(() => void attend(...inputs));
      return { activate, run, dispose: () => inputs.forEach((x) => x.dispose()) };
    },
  };
}

/** TensorFlow.js composing the same attention on one of its backends. */
export function tfjsAttention(label, backend) {
  return {
    label,
    fused: false,
    async prepare(c) {
      const activate = async () => {
        await tf.setBackend(backend);
        await tf.ready();
      };
      await activate();
      const inputs = shapes(c).map((shape, i) => tf.tensor(values(shape.reduce((a, b) => a * b, 1), i + 1), shape));
      const gradients = tf.grads((q, k, v) => tf.sum(composedTfjs(q, k, v)));
      const run = c.backward
        ? async () => tf.tidy(() => void gradients(inputs))
        : async () => tf.tidy(() => void composedTfjs(...inputs));
      return { activate, run, dispose: () => inputs.forEach((x) => x.dispose()) };
    },
  };
}

/**
 * The most Tessera tensor storage alive at once during one run of a prepared Tessera peer,
 * above what was alive before it (the inputs): what the run itself needed.
 */
export async function peakBytesOf(peer, c) {
  const prepared = await peer.prepare(c);
  try {
    await prepared.run();
    core.resetPeakBytes();
    const before = core.memory().numBytes;
    await prepared.run();
    return core.memory().peakBytes - before;
  } finally {
    prepared.dispose();
  }
}
