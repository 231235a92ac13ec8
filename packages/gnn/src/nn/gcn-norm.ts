// GCN's symmetric normalisation D^-1/2 (A + I) D^-1/2 (PyG's gcn_norm) as per-edge weights
// plus a per-node self-loop coefficient, computed on the device in the view's edge order. The
// self-loops never become edges: their term is added densely, so the graph is sorted once.
import { add, cast, div, eq, full, gt, indexSelect, mul, ones, reshape, rsqrt, tidy, where, zeros, type Tensor } from '@tessera/core';
import { scatter } from './aggregate.js';
import type { EdgeView } from './edges.js';

/** The normalised graph: `weight` `[E]` per edge (view order) and `loop` `[N]` per node's self-loop, or null. */
export interface GcnNormalized {
  weight: Tensor;
  loop: Tensor | null;
}

/**
 * With `addSelfLoops`, every node gets one loop of weight `fillValue`, or the weight of the
 * loop it already has (PyG's add_remaining_self_loops; existing loops get weight 0 here and
 * their weight moves to the node's loop term). Then `w_ji · deg_j^-1/2 · deg_i^-1/2`, with
 * degrees summed at the targets and zero where a degree is zero.
 */
export function gcnNorm(view: EdgeView, edgeWeight: Tensor | null, { addSelfLoops = true, fillValue = 1 } = {}): GcnNormalized {
  return tidy(() => {
    const n = view.numNodes;
    let weight = edgeWeight ?? ones([view.numEdges]);
    let loopWeight: Tensor | null = null;
    if (addSelfLoops) {
      const isLoop = eq(view.source, view.target);
      loopWeight = full([n], fillValue);
      if (edgeWeight) {
        // NOTE: a node with several loops takes their mean weight (PyG takes one of them).
        const loopFloat = cast(isLoop, 'float32');
        const count = scatter(loopFloat, view.target, n, 'add');
        const total = scatter(mul(edgeWeight, loopFloat), view.target, n, 'add');
        const hasLoop = gt(count, 0);
        loopWeight = where(hasLoop, div(total, where(hasLoop, count, 1)), loopWeight);
      }
      weight = where(isLoop, 0, weight);
    }
    // Degrees pulled per target over the (sorted) edges, plus the loop.
    let deg = reshape(view.aggregate(zeros([n, 1]).add(1), weight, 'add'), [n]);
    if (loopWeight) deg = add(deg, loopWeight);
    const positive = gt(deg, 0);
    // rsqrt of a masked-in 1 keeps the untaken branch finite, so gradients stay finite too.
    const invSqrt = where(positive, rsqrt(where(positive, deg, 1)), 0);
    const normalized = mul(mul(indexSelect(invSqrt, 0, view.source), weight), indexSelect(invSqrt, 0, view.target));
    return { weight: normalized, loop: loopWeight ? mul(mul(invSqrt, invSqrt), loopWeight) : null };
  });
}
