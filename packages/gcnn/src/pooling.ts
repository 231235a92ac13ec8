// Pooling that keeps equivariance: over the group axis (invariant to the group's action on
// that axis) and over space with the same window on every plane.
import { avgPool2d, max, maxPool2d, mean, reshape, tidy, type Pool2dOptions, type Tensor } from '@tessera/core';

function checkGroupMap(op: string, x: Tensor): void {
  if (x.ndim !== 5) throw new Error(`${op}: expected a group feature map [N, C, |G|, H, W], got [${x.shape}]`);
}

/**
 * Max or mean over the group axis: `[N, C, |G|, H, W]` → `[N, C, H, W]`, a map that transforms
 * like an image (only its planes move).
 * @example const planes = groupPool(features, 'max');
 */
export function groupPool(x: Tensor, reduce: 'max' | 'mean' = 'max'): Tensor {
  checkGroupMap('groupPool', x);
  if (reduce !== 'max' && reduce !== 'mean') throw new Error(`groupPool: reduce must be 'max' or 'mean', got ${JSON.stringify(reduce)}`);
  return reduce === 'max' ? max(x, 2) : mean(x, 2);
}

function spatial(op: string, x: Tensor, pool: (planes: Tensor) => Tensor): Tensor {
  checkGroupMap(op, x);
  const [N, C, G, H, W] = x.shape;
  return tidy(() => {
    const y = pool(reshape(x, [N, C * G, H, W]));
    return reshape(y, [N, C, G, y.shape[2], y.shape[3]]);
  });
}

/**
 * maxPool2d on every plane of `[N, C, |G|, H, W]`. Equivariant where the windows tile the map
 * symmetrically (e.g. kernel 2, stride 2 on an even size).
 * @example groupMaxPool2d(features, { kernelSize: 2 })
 */
export function groupMaxPool2d(x: Tensor, options: Pool2dOptions): Tensor {
  return spatial('groupMaxPool2d', x, (planes) => maxPool2d(planes, options));
}

/**
 * avgPool2d on every plane of `[N, C, |G|, H, W]`, with groupMaxPool2d's symmetry condition.
 * @example groupAvgPool2d(features, { kernelSize: 2 })
 */
export function groupAvgPool2d(x: Tensor, options: Pool2dOptions): Tensor {
  return spatial('groupAvgPool2d', x, (planes) => avgPool2d(planes, options));
}
