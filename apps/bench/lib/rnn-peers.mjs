// The peers of the RNN benchmark (rnn.mjs), behind lib/timing.mjs's interface: the char-LM
// training step (embedding, 2-layer LSTM, linear head, cross-entropy, Adam) and a single
// LSTM layer's forward + backward, in Tessera (@tessera/rnn's LSTM, on core's fused gate
// kernels) and in tfjs-layers (cpu and wasm backends). A Tessera run goes from host tokens
// to the loss read back, as a training loop would.
import * as core from '@tessera/core';
import { backward } from '@tessera/autograd';
import { Adam, Embedding, Linear, Module, crossEntropy } from '@tessera/layers';
import { LSTM } from '@tessera/rnn';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tfl from '@tensorflow/tfjs-layers';
import { values } from './cases.mjs';

/** Embedding → LSTM → Linear, as rnn_torch.py's CharLM. */
class CharLm extends Module {
  constructor({ vocab, embed, hidden, layers }) {
    super();
    this.vocab = vocab;
    this.embedding = this.registerModule('embedding', new Embedding(vocab, embed));
    this.lstm = this.registerModule('lstm', new LSTM(embed, hidden, { numLayers: layers, batchFirst: true }));
    this.head = this.registerModule('head', new Linear(hidden, vocab));
  }

  forward(tokens) {
    const [output] = this.lstm.call(this.embedding.call(tokens));
    return this.head.call(output);
  }
}

/** Seeded tokens in [0, vocab): `[batch, seq + 1]` row-major, inputs then shifted targets. */
export function tokenBatch({ vocab, batch, seq }, seed = 1) {
  const raw = values(batch * (seq + 1), seed);
  const tokens = Int32Array.from(raw, (v) => Math.min(vocab - 1, Math.floor(((v + 1) / 2) * vocab)));
  const inputs = new Int32Array(batch * seq);
  const targets = new Int32Array(batch * seq);
  for (let b = 0; b < batch; b++) {
    inputs.set(tokens.subarray(b * (seq + 1), b * (seq + 1) + seq), b * seq);
    targets.set(tokens.subarray(b * (seq + 1) + 1, (b + 1) * (seq + 1)), b * seq);
  }
  return { inputs, targets };
}

async function activateTessera(backend, threads) {
  await core.setBackend(backend);
  if (backend === 'wasm') await core.setThreads(threads);
}

/** Tessera's char-LM training step on `backend` (`threads` for wasm). */
export function tesseraCharLm(label, backend, threads) {
  return {
    label,
    async prepare(c) {
      const activate = () => activateTessera(backend, threads);
      await activate();
      core.manualSeed(0);
      const model = new CharLm(c);
      const optimizer = new Adam(model.parameters(), { lr: 1e-3 });
      const { inputs, targets } = tokenBatch(c);
      return {
        activate,
        run: async () => {
          const x = core.tensor(inputs, { dtype: 'int32' }).reshape([c.batch, c.seq]);
          const y = core.tensor(targets, { dtype: 'int32' });
          const loss = core.tidy(() => crossEntropy(core.reshape(model.call(x), [-1, c.vocab]), y));
          backward(loss);
          optimizer.step();
          optimizer.zeroGrad();
          await loss.data();
          [x, y, loss].forEach((t) => t.dispose());
        },
        dispose: () => {
          optimizer.dispose();
          model.dispose();
        },
      };
    },
  };
}

// NOTE: tfjs-layers 4.22's default recurrent initializer (orthogonal) calls the chained
// method Tensor.flatten, which tfjs-core imported as a module does not register
// (`rMat.flatten is not a function`); the initial values do not change the time.
/** A tfjs-layers LSTM returning its whole sequence, with a Glorot-uniform recurrent kernel. */
function tfjsLstmConfig(units) {
  return { units, returnSequences: true, recurrentInitializer: 'glorotUniform' };
}

/** The char-LM in tfjs-layers: one-hot tokens into a bias-free dense layer (the embedding), LSTMs, a softmax head. */
function tfjsCharLm({ vocab, embed, hidden, layers, seq }) {
  const model = tfl.sequential();
  model.add(tfl.layers.dense({ inputShape: [seq, vocab], units: embed, useBias: false }));
  for (let l = 0; l < layers; l++) model.add(tfl.layers.lstm(tfjsLstmConfig(hidden)));
  model.add(tfl.layers.dense({ units: vocab, activation: 'softmax' }));
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
  return model;
}

/** TensorFlow.js's char-LM on `backend` (cpu or wasm), trained with model.trainOnBatch. */
export function tfjsCharLmTrainer(label, backend) {
  return {
    label,
    async prepare(c) {
      const activate = async () => {
        await tf.setBackend(backend);
        await tf.ready();
      };
      await activate();
      const model = tfjsCharLm(c);
      const { inputs, targets } = tokenBatch(c);
      const run = async () => {
        const x = tf.tidy(() => tf.cast(tf.oneHot(tf.tensor2d(inputs, [c.batch, c.seq], 'int32'), c.vocab), 'float32'));
        const y = tf.tidy(() => tf.cast(tf.oneHot(tf.tensor2d(targets, [c.batch, c.seq], 'int32'), c.vocab), 'float32'));
        try {
          await model.trainOnBatch(x, y);
        } finally {
          x.dispose();
          y.dispose();
        }
      };
      return { activate, run, dispose: () => model.dispose() };
    },
  };
}

/** Tessera: one LSTM layer's forward and the gradients of Σ output for its input and parameters. */
export function tesseraLayer(label, backend, threads) {
  return {
    label,
    async prepare(c) {
      const activate = () => activateTessera(backend, threads);
      await activate();
      core.manualSeed(0);
      const lstm = new LSTM(c.input, c.hidden, { batchFirst: true });
      const x = core.tidy(() => core.tensor(values(c.batch * c.seq * c.input, 2)).reshape([c.batch, c.seq, c.input]));
      x.requiresGrad = true;
      return {
        activate,
        run: async () => {
          const loss = core.tidy(() => core.sum(lstm.call(x)[0]));
          backward(loss);
          await x.grad.data();
          loss.dispose();
          x.grad.dispose();
          x.grad = null;
          lstm.zeroGrad();
        },
        dispose: () => {
          lstm.dispose();
          x.dispose();
        },
      };
    },
  };
}

/** TensorFlow.js: one tfjs-layers LSTM's forward and the gradients of Σ output for its input and weights. */
export function tfjsLayer(label, backend) {
  return {
    label,
    async prepare(c) {
      const activate = async () => {
        await tf.setBackend(backend);
        await tf.ready();
      };
      await activate();
      const lstm = tfl.layers.lstm(tfjsLstmConfig(c.hidden));
      // A variable, so that variableGrads differentiates the input along with the weights.
      const x = tf.variable(tf.tensor3d(values(c.batch * c.seq * c.input, 2), [c.batch, c.seq, c.input]));
      const run = async () => {
        const { value, grads } = tf.variableGrads(() => tf.sum(lstm.apply(x)));
        await grads[x.name].data();
        tf.dispose([value, grads]);
      };
      return { activate, run, dispose: () => { x.dispose(); lstm.dispose(); } };
    },
  };
}
