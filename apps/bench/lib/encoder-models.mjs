// The encoder of encoder.mjs in Tessera and composed in TensorFlow.js, both from the weights
// encoder_onnx.py exported from PyTorch (a pre-norm GELU nn.TransformerEncoder, batch-first,
// causal, with a final LayerNorm), plus the training peers (forward, MSE, backward, Adam).
import { readFileSync } from 'node:fs';
import * as core from '@tessera/core';
import { backward } from '@tessera/autograd';
import { Adam, LayerNorm, loadSafetensors, mseLoss } from '@tessera/layers';
import { TransformerEncoder, TransformerEncoderLayer } from '@tessera/transformer';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
// tfjs-core's Node bundle registers no gradients; tfjs-layers registers them all when loaded.
import '@tensorflow/tfjs-layers';

/** The exported model's sizes (encoder_onnx.py). */
export const ENCODER = { dModel: 256, nhead: 4, numLayers: 6, dimFeedforward: 1024 };

/** Tessera's TransformerEncoder with the safetensors weights at `path` loaded under PyTorch's keys. */
export function tesseraEncoder(path) {
  const { dModel, nhead, numLayers, dimFeedforward } = ENCODER;
  const layer = new TransformerEncoderLayer(dModel, nhead, { dimFeedforward, dropout: 0, activation: 'gelu', batchFirst: true, normFirst: true });
  const encoder = new TransformerEncoder(layer, numLayers, { norm: new LayerNorm(dModel) });
  layer.dispose();
  const weights = loadSafetensors(readFileSync(path));
  encoder.loadStateDict(weights);
  for (const t of Object.values(weights)) t.dispose();
  return encoder;
}

/** The safetensors file at `path` as host arrays: name → { shape, data: Float32Array }. */
export function readSafetensors(path) {
  const bytes = readFileSync(path);
  const headerLength = Number(bytes.readBigUInt64LE(0));
  const header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString('utf8'));
  const base = 8 + headerLength;
  const out = {};
  for (const [name, { dtype, shape, data_offsets: [from, to] }] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    if (dtype !== 'F32') throw new Error(`readSafetensors: ${name} is ${dtype}, expected F32`);
    out[name] = { shape, data: new Float32Array(bytes.buffer.slice(bytes.byteOffset + base + from, bytes.byteOffset + base + to)) };
  }
  return out;
}

/** Layer norm over the last dimension, composed (tfjs has no layer norm op). */
function tfLayerNorm(x, weight, bias) {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-5))), weight), bias);
}

/** x @ weightᵀ + bias, with PyTorch's [out, in] weight. */
function tfLinear(x, weight, bias) {
  return tf.add(tf.matMul(x, weight, false, true), bias);
}

/** Exact GELU, 0.5·x·(1 + erf(x/√2)), as PyTorch's default. */
function tfGelu(x) {
  return tf.mul(tf.mul(x, 0.5), tf.add(tf.erf(tf.mul(x, Math.SQRT1_2)), 1));
}

/**
 * The same encoder composed in TensorFlow.js from matmul, softmax, moments and erf, its
 * variables initialised from `weights` (readSafetensors). `forward(x)` takes `[L, dModel]`
 * (batch 1) and applies the causal mask as an additive `[L, L]` matrix.
 */
export function tfjsEncoder(weights) {
  const { dModel, nhead, numLayers } = ENCODER;
  const depth = dModel / nhead;
  const vars = {};
  for (const [name, { shape, data }] of Object.entries(weights)) vars[name] = tf.variable(tf.tensor(data, shape));
  const masks = new Map();
  const causal = (L) => {
    // Kept: it is made inside the caller's tidy (minimize runs in one) and reused by later calls.
    if (!masks.has(L)) masks.set(L, tf.keep(tf.tidy(() => tf.mul(tf.sub(1, tf.linalg.bandPart(tf.ones([L, L]), -1, 0)), -1e9))));
    return masks.get(L);
  };
  const heads = (t, L) => tf.transpose(tf.reshape(t, [L, nhead, depth]), [1, 0, 2]);
  const forward = (x) => {
    const L = x.shape[0];
    let h = x;
    for (let i = 0; i < numLayers; i++) {
      const p = (key) => vars[`layers.${i}.${key}`];
      const n1 = tfLayerNorm(h, p('norm1.weight'), p('norm1.bias'));
      const [q, k, v] = tf.split(tfLinear(n1, p('self_attn.in_proj_weight'), p('self_attn.in_proj_bias')), 3, 1).map((t) => heads(t, L));
      const scores = tf.add(tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(depth)), causal(L));
      const attended = tf.reshape(tf.transpose(tf.matMul(tf.softmax(scores), v), [1, 0, 2]), [L, dModel]);
      h = tf.add(h, tfLinear(attended, p('self_attn.out_proj.weight'), p('self_attn.out_proj.bias')));
      const n2 = tfLayerNorm(h, p('norm2.weight'), p('norm2.bias'));
      h = tf.add(h, tfLinear(tfGelu(tfLinear(n2, p('linear1.weight'), p('linear1.bias'))), p('linear2.weight'), p('linear2.bias')));
    }
    return tfLayerNorm(h, vars['norm.weight'], vars['norm.bias']);
  };
  return { forward, variables: Object.values(vars), dispose: () => [...Object.values(vars), ...masks.values()].forEach((t) => t.dispose()) };
}

/**
 * A training peer for measureCase: Tessera's encoder on wasm at `threads` threads; a run is
 * one step (forward on `[1, L, dModel]`, MSE against a fixed target, backward, Adam) with the
 * loss read back.
 */
export function tesseraTrainer(label, weightsPath, threads) {
  return {
    label,
    async prepare({ input, target, length }) {
      const activate = async () => {
        await core.setBackend('wasm');
        await core.setThreads(threads);
      };
      await activate();
      const encoder = tesseraEncoder(weightsPath);
      const optimizer = new Adam(encoder.parameters(), { lr: 1e-4 });
      const [x, y] = core.tidy(() => [core.tensor(input).reshape([1, length, ENCODER.dModel]), core.tensor(target).reshape([1, length, ENCODER.dModel])]);
      return {
        activate,
        run: async () => {
          const loss = core.tidy(() => mseLoss(encoder.call(x, { isCausal: true }), y));
          backward(loss);
          optimizer.step();
          optimizer.zeroGrad();
          await loss.data();
          loss.dispose();
        },
        dispose: () => [optimizer, encoder, x, y].forEach((t) => t.dispose()),
      };
    },
  };
}

/** A training peer: the composed TensorFlow.js encoder on its `backend` (cpu or wasm) with tf.train.adam. */
export function tfjsTrainer(label, weights, backend) {
  return {
    label,
    async prepare({ input, target, length }) {
      const activate = async () => {
        await tf.setBackend(backend);
        await tf.ready();
      };
      await activate();
      const model = tfjsEncoder(weights);
      const optimizer = tf.train.adam(1e-4);
      const x = tf.tensor(input, [length, ENCODER.dModel]);
      const y = tf.tensor(target, [length, ENCODER.dModel]);
      return {
        activate,
        run: async () => {
          const loss = optimizer.minimize(() => tf.losses.meanSquaredError(y, model.forward(x)), true, model.variables);
          await loss.data();
          loss.dispose();
        },
        dispose: () => {
          optimizer.dispose();
          model.dispose();
          x.dispose();
          y.dispose();
        },
      };
    },
  };
}
