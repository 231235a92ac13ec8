// The skip-gram peers of skipgram.mjs, in the `{ label, prepare }` shape of timing.mjs's
// measureCase (the case carries the batches and the vocabulary size): Tessera's model from
// apps/demo (lib/skip-gram.mjs) with sparse or dense embedding gradients, and the same model
// composed from tfjs-core ops (gather, matMul, softplus) with a tfjs optimiser. A run is one
// step on the next batch: upload, forward, summed loss, backward, update, loss read back.
import * as core from '@tessera/core';
import { skipGramModel, skipGramOptimizer, skipGramStep } from '@tessera/demo/lib/skip-gram.mjs';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
// tfjs-core registers its ops' gradients only when tfjs-layers (or the tfjs umbrella) loads.
import '@tensorflow/tfjs-layers';

/** Cycles through the case's batches. */
function nextBatch(c) {
  let i = 0;
  return () => c.batches[i++ % c.batches.length];
}

/** Tessera's skip-gram on `backend` with sparse or dense gradients and `optimizer` ('sgd' or 'adam'). */
export function tesseraSkipGram(label, backend, { sparse, optimizer }) {
  return {
    label,
    async prepare(c) {
      const activate = () => core.setBackend(backend);
      await activate();
      core.manualSeed(0);
      const model = skipGramModel(c.vocabSize, c.dim, { sparse });
      const opt = skipGramOptimizer(model, { optimizer });
      const next = nextBatch(c);
      return {
        activate,
        run: async () => {
          const loss = skipGramStep(model, opt, next(), c.negatives);
          await loss.data();
          loss.dispose();
        },
        dispose: () => {
          opt.dispose();
          model.dispose();
        },
      };
    },
  };
}

/**
 * The same model in TensorFlow.js on `backend` (cpu or wasm). `lookup` 'gather' is tf.gather,
 * whose gradient is a dense unsortedSegmentSum over every row (the wasm backend has no such
 * kernel); 'oneHot' multiplies one-hot rows by the table, which every backend can
 * differentiate, at the cost of a [pairs·(1+k), rows] matrix. Peers that cannot run a case
 * (a missing kernel, or more than `maxRows` rows) record why in `skipped[rows]`.
 */
export function tfjsSkipGram(label, backend, { optimizer, lookup, maxRows = Infinity }) {
  const peer = {
    label,
    skipped: {},
    async prepare(c) {
      const { vocabSize: v, dim: d, negatives: k } = c;
      if (v > maxRows) {
        peer.skipped[v] = `not run with more than ${maxRows} rows (${lookup === 'oneHot' ? 'the one-hot matrices would take gigabytes' : 'a step takes minutes: its gather gradient, unsortedSegmentSum, builds a mask over the batch for every row'})`;
        return null;
      }
      const activate = async () => {
        await tf.setBackend(backend);
        await tf.ready();
      };
      await activate();
      const input = tf.variable(tf.randomUniform([v, d], -0.5 / d, 0.5 / d));
      const output = tf.variable(tf.zeros([v, d]));
      const signs = tf.tensor1d([1, ...new Array(k).fill(-1)]);
      const opt = optimizer === 'sgd' ? tf.train.sgd(0.025) : tf.train.adam(1e-3);
      const rows = (table, ids) => (lookup === 'gather' ? tf.gather(table, ids) : tf.reshape(tf.matMul(tf.oneHot(tf.reshape(ids, [-1]), v, 1, 0, 'float32'), table), [...ids.shape, d]));
      const next = nextBatch(c);
      const run = async () => {
        const b = next();
        const centres = tf.tensor1d(b.centres, 'int32');
        const targets = tf.tensor2d(b.targets, [b.n, 1 + k], 'int32');
        try {
          const loss = opt.minimize(() => {
            const u = rows(input, centres);
            const vs = rows(output, targets);
            const scores = tf.squeeze(tf.matMul(vs, tf.expandDims(u, -1)), [2]);
            return tf.sum(tf.softplus(tf.neg(tf.mul(scores, signs))));
          }, true, [input, output]);
          await loss.data();
          loss.dispose();
        } finally {
          tf.dispose([centres, targets]);
        }
      };
      const dispose = () => {
        tf.dispose([input, output, signs]);
        opt.dispose();
      };
      try {
        await run();
      } catch (error) {
        dispose();
        peer.skipped[v] = `cannot train: ${error.message}`;
        return null;
      }
      return { activate, run, dispose };
    },
  };
  return peer;
}
