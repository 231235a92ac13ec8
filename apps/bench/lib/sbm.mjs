// A seeded stochastic block model with community-correlated features, the graph of the GNN
// benchmark (gnn.mjs): host arrays only, so every peer (Tessera, PyTorch) trains on the very
// same graph.

/** mulberry32: a small seeded generator of uniform numbers in [0, 1). */
function generator(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/**
 * `nodes` nodes in `blocks` equal communities; each node draws `draws` neighbours (in its own
 * community with probability `pIn`), every pair is added in both directions, then a self-loop
 * per node: about (2·draws + 1)·nodes directed edges. Features: the community's random mean
 * plus unit noise. Returns `{ src, dst }` (Int32Array, edge order), `x` (Float32Array
 * `[nodes, features]`), `y` (Int32Array community labels) and the sizes.
 */
export function stochasticBlockModel({ nodes, blocks = 10, draws = 5, pIn = 0.9, features = 64, seed = 16 }) {
  const random = generator(seed);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const size = Math.ceil(nodes / blocks);
  const y = Int32Array.from({ length: nodes }, (_, i) => Math.floor(i / size));
  const edges = 2 * draws * nodes + nodes;
  const src = new Int32Array(edges);
  const dst = new Int32Array(edges);
  let e = 0;
  for (let u = 0; u < nodes; u++) {
    for (let d = 0; d < draws; d++) {
      let v;
      do {
        if (random() < pIn) {
          const start = y[u] * size;
          v = start + Math.floor(random() * Math.min(size, nodes - start));
        } else {
          v = Math.floor(random() * nodes);
        }
      } while (v === u);
      src[e] = u;
      dst[e++] = v;
      src[e] = v;
      dst[e++] = u;
    }
  }
  for (let u = 0; u < nodes; u++) {
    src[e] = u;
    dst[e++] = u;
  }
  const means = Float32Array.from({ length: blocks * features }, () => 0.5 * gaussian());
  const x = new Float32Array(nodes * features);
  for (let i = 0; i < nodes; i++) {
    for (let f = 0; f < features; f++) x[i * features + f] = means[y[i] * features + f] + gaussian();
  }
  return { nodes, edges, features, classes: blocks, src, dst, x, y };
}

/**
 * GCN's symmetric normalisation per edge (PyG's gcn_norm on a graph that already has its
 * self-loops): deg = in-degree at the target, w = deg^-1/2[src] · deg^-1/2[dst].
 */
export function gcnNorm({ nodes, src, dst }) {
  const degree = new Float64Array(nodes);
  for (const v of dst) degree[v] += 1;
  const inverseSqrt = degree.map((d) => (d > 0 ? 1 / Math.sqrt(d) : 0));
  return Float32Array.from(src, (s, e) => inverseSqrt[s] * inverseSqrt[dst[e]]);
}
