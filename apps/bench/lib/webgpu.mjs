// The WebGPU peers: Tessera's webgpu backend and TensorFlow.js's, both in Node through Dawn
// (the npm package `webgpu`), on the same adapter. A GPU computes asynchronously, so each
// run ends by reading the result back (`await data()`), for both libraries alike.
import { create, globals } from 'webgpu';
import * as core from '@tessera/core';
import '@tessera/core/webgpu';
import * as tf from '@tensorflow/tfjs-core';
import { values } from './cases.mjs';

/** Set when the adapter is SwiftShader (a CPU): the largest matmul is then skipped. */
let software = false;
/** Matmuls above this size are skipped on SwiftShader (one run takes tens of seconds). */
const SOFTWARE_MATMUL_LIMIT = 1024;

/** Prepares `case` with a library's tensor and op functions; shared by both peers. */
function preparer(label, { select, tensor, ops, read }) {
  return {
    label,
    async prepare(c) {
      if (software && c.kind === 'matmul' && c.n > SOFTWARE_MATMUL_LIMIT) return null;
      await select();
      const t = (shape, seed) => tensor(values(shape.reduce((a, b) => a * b, 1), seed), shape);
      let inputs;
      let op;
      if (c.kind === 'matmul') {
        inputs = [t([c.n, c.n], 1), t([c.n, c.n], 2)];
        op = ([a, b]) => ops.matmul(a, b);
      } else if (c.kind === 'conv2d') {
        inputs = ops.convInputs(c, t);
        op = (xs) => ops.conv2d(xs, c);
      } else if (c.kind === 'chain') {
        inputs = [t([c.size], 1), t([c.size], 2)];
        op = ([x, y]) => ops.chain(x, y);
      } else {
        inputs = [t(c.shape, 1)];
        op = ([x]) => ops.softmax(x);
      }
      return {
        activate: select,
        run: async () => {
          const out = ops.tidy(() => op(inputs));
          await read(out);
          out.dispose();
        },
        dispose: () => inputs.forEach((x) => x.dispose()),
      };
    },
  };
}

const tessera = preparer('tessera webgpu', {
  select: () => core.setBackend('webgpu'),
  tensor: (v, shape) => core.tensor(v).reshape(shape),
  read: (t) => t.data(),
  ops: {
    tidy: core.tidy,
    matmul: core.matmul,
    convInputs: (c, t) => [t(c.x, 1), t(c.w, 2)],
    conv2d: ([x, w], c) => core.conv2d(x, w, undefined, { padding: c.padding }),
    chain: (x, y) => x.mul(y).add(1).relu().mul(x).sub(y),
    softmax: (x) => core.softmax(x, -1),
  },
});

const tfjs = preparer('tfjs webgpu', {
  select: async () => {
    await tf.setBackend('webgpu');
    await tf.ready();
  },
  tensor: (v, shape) => tf.tensor(v, shape),
  read: (t) => t.data(),
  ops: {
    tidy: tf.tidy,
    matmul: tf.matMul,
    // TensorFlow.js convolves NHWC inputs by [kH, kW, C, O] filters: same work, its layout.
    convInputs: (c, t) => {
      const [n, ch, h, w] = c.x;
      const [o, , kh, kw] = c.w;
      return [t([n, h, w, ch], 1), t([kh, kw, ch, o], 2)];
    },
    conv2d: ([x, f], c) => tf.conv2d(x, f, 1, c.padding === 0 ? 'valid' : 'same'),
    chain: (x, y) => tf.sub(tf.mul(tf.relu(tf.add(tf.mul(x, y), 1)), x), y),
    softmax: (x) => tf.softmax(x),
  },
});

/**
 * Both WebGPU peers, after opening Tessera's backend (which finds SwiftShader where there is
 * no GPU) and giving TensorFlow.js a `navigator.gpu` from Dawn; plus a line for the report.
 */
export async function webgpuPeers() {
  await core.setBackend('webgpu');
  Object.assign(globalThis, globals);
  globalThis.navigator ??= {};
  globalThis.navigator.gpu ??= create([]);
  await import('@tensorflow/tfjs-backend-webgpu');
  const adapter = await globalThis.navigator.gpu.requestAdapter();
  const info = adapter?.info ?? {};
  const name = [info.vendor, info.architecture, info.description].filter(Boolean).join(' ') || 'unknown adapter';
  software = /swiftshader/i.test(name);
  return {
    peers: [tessera, tfjs],
    environment: `WebGPU: both libraries in Node through Dawn (npm webgpu) on ${name}; a webgpu run includes reading the result back.`,
  };
}
