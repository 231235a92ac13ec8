// The libraries and backends compared, each behind one interface: `prepare(case)` builds
// the inputs and returns `run` (compute the result and wait until it exists) and `dispose`.
// A peer returns null for a case it does not run. Tessera's and TensorFlow.js's cpu/wasm
// backends compute synchronously inside the op call; jax-js is awaited (blockUntilReady).
// Results are not read back: copying out costs the same for everyone and, on a VM, the
// page faults of a fresh host array make it noisy.
import * as core from '@tessera/core';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { values } from './cases.mjs';

/** Plain-JS backends are skipped above this matmul size (one run would take many seconds). */
const SLOW_MATMUL_LIMIT = 1024;

function tessera(label, backend, threads) {
  return {
    label,
    async prepare(c) {
      if (backend === 'js' && c.kind === 'matmul' && c.n > SLOW_MATMUL_LIMIT) return null;
      const activate = async () => {
        await core.setBackend(backend);
        if (backend === 'wasm') await core.setThreads(threads);
      };
      await activate();
      const t = (shape, seed) => core.tensor(values(shape.reduce((a, b) => a * b, 1), seed)).reshape(shape);
      let inputs;
      let op;
      if (c.kind === 'matmul') {
        inputs = [t([c.n, c.n], 1), t([c.n, c.n], 2)];
        op = ([a, b]) => core.matmul(a, b);
      } else if (c.kind === 'conv2d') {
        inputs = [t(c.x, 1), t(c.w, 2)];
        op = ([x, w]) => core.conv2d(x, w, undefined, { padding: c.padding });
      } else if (c.kind === 'chain') {
        inputs = [t([c.size], 1), t([c.size], 2)];
        op = ([x, y]) => x.mul(y).add(1).relu().mul(x).sub(y);
      } else {
        inputs = [t(c.shape, 1)];
        op = ([x]) => core.softmax(x, -1);
      }
      return {
        activate,
        run: async () => core.tidy(() => void op(inputs)),
        dispose: () => inputs.forEach((x) => x.dispose()),
      };
    },
  };
}

function tfjs(label, backend) {
  return {
    label,
    async prepare(c) {
      if (backend === 'cpu' && c.kind === 'matmul' && c.n > SLOW_MATMUL_LIMIT) return null;
      // TensorFlow.js would copy inputs over to whichever backend is active when the op runs.
      const activate = async () => {
        await tf.setBackend(backend);
        await tf.ready();
      };
      await activate();
      const t = (shape, seed) => tf.tensor(values(shape.reduce((a, b) => a * b, 1), seed), shape);
      let inputs;
      let op;
      if (c.kind === 'matmul') {
        inputs = [t([c.n, c.n], 1), t([c.n, c.n], 2)];
        op = ([a, b]) => tf.matMul(a, b);
      } else if (c.kind === 'conv2d') {
        // TensorFlow.js convolves NHWC inputs by [kH, kW, C, O] filters: same work, its layout.
        const [n, ch, h, w] = c.x;
        const [o, , kh, kw] = c.w;
        inputs = [t([n, h, w, ch], 1), t([kh, kw, ch, o], 2)];
        op = ([x, f]) => tf.conv2d(x, f, 1, c.padding === 0 ? 'valid' : 'same');
      } else if (c.kind === 'chain') {
        inputs = [t([c.size], 1), t([c.size], 2)];
        op = ([x, y]) => tf.sub(tf.mul(tf.relu(tf.add(tf.mul(x, y), 1)), x), y);
      } else {
        inputs = [t(c.shape, 1)];
        op = ([x]) => tf.softmax(x);
      }
      return {
        activate,
        run: async () => tf.tidy(() => void op(inputs)),
        dispose: () => inputs.forEach((x) => x.dispose()),
      };
    },
  };
}

let jax = null;

/** jax-js on its wasm device (one thread in Node); matmul only. */
function jaxWasm() {
  return {
    label: 'jax-js wasm',
    async prepare(c) {
      if (c.kind !== 'matmul') return null;
      if (!jax) {
        // jax-js probes navigator.gpu on start; Node has no navigator before v21.
        globalThis.navigator ??= {};
        jax = await import('@jax-js/jax');
        await jax.init('wasm');
        jax.defaultDevice('wasm');
      }
      const { numpy: np } = jax;
      const a = np.array(values(c.n * c.n, 1)).reshape([c.n, c.n]);
      const b = np.array(values(c.n * c.n, 2)).reshape([c.n, c.n]);
      return {
        // jax-js arrays are consumed by the ops they feed; .ref keeps the inputs alive.
        run: async () => {
          const c = await np.matmul(a.ref, b.ref).blockUntilReady();
          c.dispose();
        },
        dispose: () => {
          a.dispose();
          b.dispose();
        },
      };
    },
  };
}

/** The peers in report order; `threads` is the thread count of the threaded wasm column. */
export function peers(threads) {
  return [
    tessera('tessera js', 'js', 1),
    tessera('tessera wasm 1 thread', 'wasm', 1),
    tessera(`tessera wasm ${threads} threads`, 'wasm', threads),
    tfjs('tfjs cpu', 'cpu'),
    tfjs('tfjs wasm', 'wasm'),
    jaxWasm(),
  ];
}
