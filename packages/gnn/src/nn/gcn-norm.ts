// GCN's symmetric normalisation D^-1/2 (A + I) D^-1/2 as per-edge weights (PyG's gcn_norm),
// computed on the device so it works on every backend and carries gradients to edge weights.
import { cast, cat, div, eq, full, gt, indexSelect, mul, ones, rsqrt, scatterAdd, tidy, where, zeros, type Tensor } from '@tessera/core';
import { edgeRow } from '../utils/edge-row.js';
import { indexVector } from '../utils/host.js';

/**
 * The normalised edge weights of GCN: with `addSelfLoops`, every node gets one loop of weight
 * `fillValue` (or the weight of the loop it already has; the existing loops are replaced by
 * these, PyG's add_remaining_self_loops), then `w_ij · deg_i^-1/2 · deg_j^-1/2` with degrees
 * summed at the targets (zero where a degree is zero). Returns the edges (existing ones, then
 * one loop per node when adding loops) and their weights.
 * @example const [edges, weights] = gcnNorm(edgeIndex, null, x.shape[0]);
 */
export function gcnNorm(
  edgeIndex: Tensor,
  edgeWeight: Tensor | null,
  numNodes: number,
  { addSelfLoops = true, fillValue = 1 }: { addSelfLoops?: boolean; fillValue?: number } = {},
): [Tensor, Tensor] {
  return tidy(() => {
    const edges = edgeIndex.shape[1];
    let index = edgeIndex;
    let weight = edgeWeight ?? ones([edges]);
    if (addSelfLoops) {
      const source = edgeRow(edgeIndex, 0);
      const isLoop = eq(source, edgeRow(edgeIndex, 1));
      // NOTE: existing loops stay in the edge list with weight 0, so no index is read back;
      // a node's new loop takes its old loop's weight (the mean, should it have several).
      let loopWeight = full([numNodes], fillValue);
      if (edgeWeight) {
        const loopFloat = cast(isLoop, 'float32');
        const count = scatterAdd(zeros([numNodes]), 0, source, loopFloat);
        const total = scatterAdd(zeros([numNodes]), 0, source, mul(edgeWeight, loopFloat));
        const hasLoop = gt(count, 0);
        loopWeight = where(hasLoop, div(total, where(hasLoop, count, 1)), loopWeight);
      }
      const loops = indexVector(Array.from({ length: numNodes }, (_, i) => i)).reshape([1, numNodes]);
      index = cat([edgeIndex, cat([loops, loops], 0)], 1);
      weight = cat([where(isLoop, 0, weight), loopWeight], 0);
    }
    const source = edgeRow(index, 0);
    const target = edgeRow(index, 1);
    const deg = scatterAdd(zeros([numNodes]), 0, target, weight);
    const positive = gt(deg, 0);
    // rsqrt of a masked-in 1 keeps the untaken branch finite, so gradients stay finite too.
    const invSqrt = where(positive, rsqrt(where(positive, deg, 1)), 0);
    return [index, mul(mul(indexSelect(invSqrt, 0, source), weight), indexSelect(invSqrt, 0, target))] as [Tensor, Tensor];
  });
}
