// Tessera's peers of the GNN benchmark (gnn.mjs), in the `{ label, prepare }` shape of
// timing.mjs: a 2-layer GCN (64 → 64 → 10) and a 2-layer GAT (64 → 8 heads × 8 → 10) written
// directly with core's sparse ops and @tessera/layers' Linear and Adam, as PyG computes them
// (GCNConv: propagate(x·Wᵀ) with gcn_norm weights, then bias; GATConv: attention logits
// a_srcᵀWx_j + a_dstᵀWx_i, LeakyReLU 0.2, softmax over each target's edges). `run` is one
// training epoch: forward, cross-entropy over every node, backward, Adam step.
// The same two models built from @tessera/gnn's GCNConv and GATConv (`gnn-gcn`, `gnn-gat`)
// measure what the layers add over these compositions.
import * as core from '@tessera/core';
import { backward, enableAutograd } from '@tessera/autograd';
import { Adam, Linear } from '@tessera/layers';
import { GATConv, GCNConv } from '@tessera/gnn';

const { add, crossEntropy, elu, indexSelect, leakyRelu, mul, relu, reshape, sparseAggregate, segmentSoftmax, sum, tensor, tidy } = core;

/** A trainable tensor: values from `init`, requiring a gradient. */
function parameter(shape, init) {
  const size = shape.reduce((a, b) => a * b, 1);
  const t = tidy(() => tensor(Float32Array.from({ length: size }, init), { dtype: 'float32' }).reshape(shape));
  t.requiresGrad = true;
  return t;
}

/** GCN: two GCNConv layers over the same normalised graph. */
function gcn(data, graph, norm) {
  const lin1 = new Linear(data.features, 64, { bias: false });
  const lin2 = new Linear(64, data.classes, { bias: false });
  const b1 = parameter([64], () => 0);
  const b2 = parameter([data.classes], () => 0);
  const conv = (lin, bias, h) => add(sparseAggregate(lin.call(h), graph, { edgeWeight: norm }), bias);
  return {
    params: [...lin1.parameters(), ...lin2.parameters(), b1, b2],
    forward: (x) => conv(lin2, b2, relu(conv(lin1, b1, x))),
    dispose: () => [lin1, lin2, b1, b2].forEach((m) => m.dispose()),
  };
}

/** One GATConv layer: `heads` heads of `channels`, concatenated or averaged. */
function gatConv(graph, inChannels, heads, channels, concat) {
  const lin = new Linear(inChannels, heads * channels, { bias: false });
  const glorot = Math.sqrt(6 / (heads + channels));
  let seed = 1;
  const uniform = () => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return (seed / 2 ** 32 * 2 - 1) * glorot;
  };
  const attSrc = parameter([1, heads, channels], uniform);
  const attDst = parameter([1, heads, channels], uniform);
  const bias = parameter([concat ? heads * channels : channels], () => 0);
  return {
    params: [...lin.parameters(), attSrc, attDst, bias],
    forward: (x) => {
      const n = x.shape[0];
      const h = reshape(lin.call(x), [n, heads, channels]);
      // Per-edge logits in CSR order: the source's and the target's halves.
      const logits = add(indexSelect(sum(mul(h, attSrc), -1), 0, graph.colIndex), indexSelect(sum(mul(h, attDst), -1), 0, graph.rowIndex));
      const alpha = segmentSoftmax(leakyRelu(logits, 0.2), graph);
      const out = sparseAggregate(h, graph, { edgeWeight: alpha });
      return add(concat ? reshape(out, [n, heads * channels]) : out.mean(1), bias);
    },
    dispose: () => [lin, attSrc, attDst, bias].forEach((m) => m.dispose()),
  };
}

/** GAT: 8 heads of 8 (concatenated), ELU, then one head over the classes. */
function gat(data, graph) {
  const conv1 = gatConv(graph, data.features, 8, 8, true);
  const conv2 = gatConv(graph, 64, 1, data.classes, false);
  return {
    params: [...conv1.params, ...conv2.params],
    forward: (x) => conv2.forward(elu(conv1.forward(x))),
    dispose: () => [conv1, conv2].forEach((m) => m.dispose()),
  };
}

/** GCN from @tessera/gnn: gcn_norm over the graph's own self-loops, computed once (cached). */
function gnnGcn(data, graph) {
  const conv1 = new GCNConv(data.features, 64, { cached: true, addSelfLoops: false });
  const conv2 = new GCNConv(64, data.classes, { cached: true, addSelfLoops: false });
  return {
    params: [...conv1.parameters(), ...conv2.parameters()],
    forward: (x) => conv2.forward(relu(conv1.forward(x, graph)), graph),
    dispose: () => [conv1, conv2].forEach((m) => m.dispose()),
  };
}

/** GAT from @tessera/gnn, over the graph's own self-loops. */
function gnnGat(data, graph) {
  const conv1 = new GATConv(data.features, 8, { heads: 8, addSelfLoops: false });
  const conv2 = new GATConv(64, data.classes, { heads: 1, concat: false, addSelfLoops: false });
  return {
    params: [...conv1.parameters(), ...conv2.parameters()],
    forward: (x) => conv2.forward(elu(conv1.forward(x, graph)), graph),
    dispose: () => [conv1, conv2].forEach((m) => m.dispose()),
  };
}

const MODELS = { gcn, gat, 'gnn-gcn': gnnGcn, 'gnn-gat': gnnGat };

/** Tessera training `model` ('gcn', 'gat', or their @tessera/gnn versions 'gnn-gcn', 'gnn-gat') on `backend` with `threads` wasm threads. */
export function tesseraGnn(label, model, backend, threads) {
  return {
    label,
    async prepare({ data }) {
      const activate = async () => {
        await core.setBackend(backend);
        if (backend === 'wasm') await core.setThreads(threads);
      };
      await activate();
      enableAutograd();
      core.manualSeed(0);
      const edgeIndex = tidy(() => tensor(Int32Array.from([...data.src, ...data.dst]), { dtype: 'int32' }).reshape([2, data.edges]));
      const graph = await core.edgeIndexToCsrAsync(edgeIndex, { numNodes: data.nodes });
      edgeIndex.dispose();
      const norm = tidy(() => graph.toCsrOrder(tensor(data.norm, { dtype: 'float32' })));
      const x = tidy(() => tensor(data.x, { dtype: 'float32' }).reshape([data.nodes, data.features]));
      const y = tensor(data.y, { dtype: 'int32' });
      const net = MODELS[model](data, graph, norm);
      const optimizer = new Adam(net.params, { lr: 0.01 });
      return {
        activate,
        run: async () => {
          const loss = tidy(() => crossEntropy(net.forward(x), y));
          backward(loss);
          optimizer.step();
          optimizer.zeroGrad();
          await loss.data();
          loss.dispose();
        },
        dispose: () => {
          optimizer.dispose();
          net.dispose();
          [x, y, norm].forEach((t) => t.dispose());
          graph.dispose();
        },
      };
    },
  };
}
