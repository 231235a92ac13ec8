// Batch normalisation of group feature maps with one mean and variance per channel shared by
// the |G| planes (GrouPy uses BatchNorm3d for this), so normalising keeps equivariance.
import { reshape, tidy, type Tensor } from '@tessera/core';
import { BatchNorm2d, type BatchNormOptions } from '@tessera/layers';

/**
 * BatchNorm over N, the group axis, H and W of `[N, C, |G|, H, W]`, per channel. Keys and
 * statistics as PyTorch's `BatchNorm3d(C)` on the same tensor.
 * @example const bn = new GroupBatchNorm(10); const y = bn.call(features);
 */
export class GroupBatchNorm extends BatchNorm2d {
  constructor(numFeatures: number, options: BatchNormOptions = {}) {
    super(numFeatures, options);
  }

  /** `[N, C, |G|, H, W]`, same shape out. */
  override forward(x: Tensor): Tensor {
    if (x.ndim !== 5 || x.shape[1] !== this.numFeatures) {
      throw new Error(`GroupBatchNorm: expected a group feature map [N, ${this.numFeatures}, |G|, H, W], got [${x.shape}]`);
    }
    const [N, C, G, H, W] = x.shape;
    return tidy(() => reshape(super.forward(reshape(x, [N, C, G * H, W])), x.shape));
  }
}
