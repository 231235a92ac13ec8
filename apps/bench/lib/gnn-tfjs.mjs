// TensorFlow.js as a peer of the GNN benchmark (gnn.mjs), on a small graph only: a GCN epoch
// written as PyG's scatter (gather the sources, scale by gcn_norm, unsortedSegmentSum into
// the targets) on its cpu backend. Its wasm backend has no UnsortedSegmentSum kernel, and the
// cpu kernel compares every edge with every segment, so it is no peer on the 1M-edge graph.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
// tfjs-core's Node bundle registers no gradients; tfjs-layers registers them all.
import '@tensorflow/tfjs-layers';

/** A peer training the 2-layer GCN (64 → 64 → 10) with Adam on TensorFlow.js's cpu backend. */
export function tfjsGcn(label) {
  return {
    label,
    async prepare({ data }) {
      await tf.setBackend('cpu');
      await tf.ready();
      const src = tf.tensor1d(data.src, 'int32');
      const dst = tf.tensor1d(data.dst, 'int32');
      const norm = tf.tensor2d(data.norm, [data.edges, 1]);
      const x = tf.tensor2d(data.x, [data.nodes, data.features]);
      const labels = tf.oneHot(tf.tensor1d(data.y, 'int32'), data.classes);
      const glorot = (rows, cols) => tf.variable(tf.randomUniform([rows, cols], -Math.sqrt(6 / (rows + cols)), Math.sqrt(6 / (rows + cols)), 'float32', 0));
      const w1 = glorot(data.features, 64);
      const w2 = glorot(64, data.classes);
      const b1 = tf.variable(tf.zeros([64]));
      const b2 = tf.variable(tf.zeros([data.classes]));
      const propagate = (h) => tf.unsortedSegmentSum(tf.mul(tf.gather(h, src), norm), dst, data.nodes);
      const optimizer = tf.train.adam(0.01);
      const loss = () => {
        const h = tf.relu(tf.add(propagate(tf.matMul(x, w1)), b1));
        return tf.losses.softmaxCrossEntropy(labels, tf.add(propagate(tf.matMul(h, w2)), b2));
      };
      return {
        activate: () => tf.setBackend('cpu'),
        run: async () => {
          const value = optimizer.minimize(loss, true);
          await value.data();
          value.dispose();
        },
        dispose: () => {
          optimizer.dispose();
          tf.dispose([src, dst, norm, x, labels, w1, w2, b1, b2]);
        },
      };
    },
  };
}
