// PyG's glorot initialiser: U(-a, a) with a = √(6 / (fanIn + fanOut)) taken from the last two
// dimensions, which is how PyG sizes it for GAT's [1, heads, channels] attention vectors too.
import { init } from '@tessera/layers';
import type { Tensor } from '@tessera/core';

/**
 * Fills `t` in place from U(-a, a), a = √(6 / (size(-2) + size(-1))), as torch_geometric.nn.inits.glorot.
 * @example glorot(lin.weight)
 */
export function glorot(t: Tensor): Tensor {
  const a = Math.sqrt(6 / (t.shape[t.ndim - 2] + t.shape[t.ndim - 1]));
  return init.uniform(t, -a, a);
}
