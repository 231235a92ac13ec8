// detach: a handle on the same values that is cut from the graph.
import { reshape, type Tensor } from '@tessera/core';
import { shareVersion } from './graph.js';
import { withGradMode } from './mode.js';

/**
 * A new handle on `t`'s storage that does not require a gradient and has no history, as
 * torch.Tensor.detach. Dispose it like any tensor; `t` is unaffected.
 * @example const target = detach(prediction); // treated as a constant in the loss
 */
export function detach(t: Tensor): Tensor {
  const view = withGradMode(false, () => reshape(t, t.shape), 'detach');
  shareVersion(view, t);
  return view;
}
