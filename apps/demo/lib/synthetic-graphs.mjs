// Seeded synthetic graph data for the demos: a contextual stochastic block model (node
// classification) and a set of small two-colour graphs whose class is their wiring
// (graph classification), with host arrays only; the demos make tensors from them.
import { seededRandom } from '@tessera/layers';

function gaussian(random) {
  // Box–Muller from two uniforms in (0, 1].
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/**
 * A contextual SBM: `numNodes` nodes in `numClasses` equal blocks, an undirected edge between
 * two nodes of one block with probability `pIn` and of different blocks with `pOut`, and
 * features = the block's mean (a random direction of length `signal`) + N(0, I) noise.
 * Returns host arrays: `src`/`dst` (both directions), `features` (row-major), `labels`.
 * @example const sbm = contextualSbm({ numNodes: 3000, numClasses: 4, pIn: 0.009, pOut: 0.0013, features: 16, signal: 1, seed: 0 });
 */
export function contextualSbm({ numNodes, numClasses, pIn, pOut, features, signal, seed }) {
  const random = seededRandom(seed);
  const labels = Int32Array.from({ length: numNodes }, (_, i) => i % numClasses);
  const src = [];
  const dst = [];
  for (let i = 0; i < numNodes; i++) {
    for (let j = i + 1; j < numNodes; j++) {
      if (random() < (labels[i] === labels[j] ? pIn : pOut)) src.push(i, j), dst.push(j, i);
    }
  }
  const means = Array.from({ length: numClasses }, () => {
    const v = Array.from({ length: features }, () => gaussian(random));
    const norm = Math.hypot(...v);
    return v.map((e) => (e / norm) * signal);
  });
  const x = new Float32Array(numNodes * features);
  for (let i = 0; i < numNodes; i++) for (let f = 0; f < features; f++) x[i * features + f] = means[labels[i]][f] + gaussian(random);
  return { src, dst, features: x, labels };
}

/**
 * Small graphs of two colours in equal numbers (one-hot node features) and the same number of
 * edges, in two classes with equal degree statistics: in class 0 most edges join nodes of one
 * colour (two communities), in class 1 most join different colours. Only the wiring tells
 * them apart: a bag of node features sees the same colour counts and degrees in both.
 * @example const graphs = twoColourGraphs({ count: 600, seed: 0 }); // [{ numNodes, src, dst, x, y }]
 */
export function twoColourGraphs({ count, seed, minNodes = 10, maxNodes = 20, sameColourShare = 0.8 }) {
  const random = seededRandom(seed);
  const graphs = [];
  for (let g = 0; g < count; g++) {
    const y = g % 2;
    const half = Math.floor(minNodes / 2 + random() * ((maxNodes - minNodes) / 2 + 1));
    const n = 2 * half;
    const colour = Int32Array.from({ length: n }, (_, i) => (i < half ? 0 : 1));
    const numEdges = Math.round(1.5 * n);
    const share = y === 0 ? sameColourShare : 1 - sameColourShare;
    const seen = new Set();
    const src = [];
    const dst = [];
    while (src.length < 2 * numEdges) {
      const a = Math.floor(random() * n);
      const same = random() < share;
      const b = same ? (colour[a] === 0 ? 0 : half) + Math.floor(random() * half) : (colour[a] === 0 ? half : 0) + Math.floor(random() * half);
      const key = Math.min(a, b) * n + Math.max(a, b);
      if (a === b || seen.has(key)) continue;
      seen.add(key);
      src.push(a, b);
      dst.push(b, a);
    }
    const x = new Float32Array(n * 2);
    colour.forEach((c, i) => (x[i * 2 + c] = 1));
    graphs.push({ numNodes: n, src, dst, x, y });
  }
  return graphs;
}

/**
 * A shuffled copy of `values` (Fisher–Yates over `random`).
 * @example const order = shuffled([0, 1, 2, 3], seededRandom(0));
 */
export function shuffled(values, random) {
  const out = Array.from(values);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
