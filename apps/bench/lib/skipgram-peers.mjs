// The skip-gram peers of skipgram.mjs, in the `{ label, prepare }` shape of timing.mjs's
// measureCase (the case carries the batches and the vocabulary size): Tessera's model from
// apps/demo (lib/skip-gram.mjs) with sparse or dense embedding gradients, and the same model
// composed from tfjs-core ops (gather, matMul, softplus) with a tfjs optimiser. A run is one
// step on the next batch: upload, forward, summed loss, backward, update, loss read back.
import * as core from '@tessera/core';
import { enableAutograd } from '@tessera/autograd';
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
      enableAutograd();
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

/** The same model in TensorFlow.js on `backend` (cpu or wasm); its gather gradients are dense. */
export function tfjsSkipGram(label, backend, { optimizer }) {
  return {
    label,
    async prepare(c) {
      const activate = async () => {
        await tf.setBackend(backend);
        await tf.ready();
      };
      await activate();
      const { vocabSize: v, dim: d, negatives: k } = c;
      const input = tf.variable(tf.randomUniform([v, d], -0.5 / d, 0.5 / d));
      const output = tf.variable(tf.zeros([v, d]));
      const signs = tf.tensor1d([1, ...new Array(k).fill(-1)]);
      const opt = optimizer === 'sgd' ? tf.train.sgd(0.025) : tf.train.adam(1e-3);
      const next = nextBatch(c);
      return {
        activate,
        run: async () => {
          const b = next();
          const centres = tf.tensor1d(b.centres, 'int32');
          const targets = tf.tensor2d(b.targets, [b.n, 1 + k], 'int32');
          const loss = opt.minimize(() => {
            const u = tf.gather(input, centres);
            const vs = tf.gather(output, targets);
            const scores = tf.squeeze(tf.matMul(vs, tf.expandDims(u, -1)), [2]);
            return tf.sum(tf.softplus(tf.neg(tf.mul(scores, signs))));
          }, true, [input, output]);
          await loss.data();
          tf.dispose([loss, centres, targets]);
        },
        dispose: () => {
          tf.dispose([input, output, signs]);
          opt.dispose();
        },
      };
    },
  };
}
