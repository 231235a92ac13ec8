// Batch normalisation layers over core's batchNorm. Running statistics are buffers under
// PyTorch's keys (running_mean, running_var, num_batches_tracked), exposed as camelCase
// getters, so a PyTorch state_dict loads unchanged.
import { add, batchNorm, cast, mul, ones, reciprocal, sub, zeros, type Tensor } from '@tessera/core';
import { Module } from './module.js';
import { checkSizes } from './args.js';

/** Options of BatchNorm1d and BatchNorm2d. */
export interface BatchNormOptions {
  /** Added to the variance. Default 1e-5. */
  eps?: number;
  /** Weight of each batch in the running statistics, or null for a cumulative average. Default 0.1. */
  momentum?: number | null;
  /** Learn a per-channel scale (`weight`) and shift (`bias`). Default true. */
  affine?: boolean;
  /** Keep running statistics for eval mode; without them eval mode uses batch statistics. Default true. */
  trackRunningStats?: boolean;
}

abstract class BatchNormBase extends Module {
  readonly eps: number;
  readonly momentum: number | null;
  readonly affine: boolean;
  readonly trackRunningStats: boolean;

  protected constructor(layer: string, readonly numFeatures: number, options: BatchNormOptions) {
    super();
    const { eps = 1e-5, momentum = 0.1, affine = true, trackRunningStats = true } = options;
    checkSizes(layer, { numFeatures });
    if (momentum !== null && (typeof momentum !== 'number' || !(momentum >= 0 && momentum <= 1))) {
      throw new Error(`${layer}: momentum must be a number in [0, 1] or null, got ${String(momentum)}`);
    }
    this.eps = eps;
    this.momentum = momentum;
    this.affine = affine;
    this.trackRunningStats = trackRunningStats;
    this.registerParameter('weight', affine ? ones([numFeatures]) : null);
    this.registerParameter('bias', affine ? zeros([numFeatures]) : null);
    this.registerBuffer('running_mean', trackRunningStats ? zeros([numFeatures]) : null);
    this.registerBuffer('running_var', trackRunningStats ? ones([numFeatures]) : null);
    this.registerBuffer('num_batches_tracked', trackRunningStats ? zeros([], { dtype: 'int32' }) : null);
  }

  /** Per-channel scale `[numFeatures]` (ones at first), or null when not affine. */
  get weight(): Tensor | null {
    return this.getOptionalParameter('weight');
  }

  /** Per-channel shift `[numFeatures]` (zeros at first), or null when not affine. */
  get bias(): Tensor | null {
    return this.getOptionalParameter('bias');
  }

  /** The running mean (stateDict key `running_mean`), or null without running statistics. */
  get runningMean(): Tensor | null {
    return this.getOptionalBuffer('running_mean');
  }

  /** The running unbiased variance (key `running_var`), or null without running statistics. */
  get runningVar(): Tensor | null {
    return this.getOptionalBuffer('running_var');
  }

  /** Training batches seen, an int32 scalar (key `num_batches_tracked`), or null. */
  get numBatchesTracked(): Tensor | null {
    return this.getOptionalBuffer('num_batches_tracked');
  }

  protected normalize(layer: string, x: Tensor, dims: readonly number[], expected: string): Tensor {
    if (!dims.includes(x.ndim) || x.shape[1] !== this.numFeatures) {
      throw new Error(`${layer}: expected an input ${expected} with C=${this.numFeatures}, got shape [${x.shape}]`);
    }
    const useBatchStats = this.training || !this.trackRunningStats;
    const [mean, variance, counter] = [this.runningMean, this.runningVar, this.numBatchesTracked];
    const cumulative = this.momentum === null && this.training && mean && variance && counter;
    // With momentum null the running statistics are the average of all batches so far:
    // let batchNorm store the batch's statistics (momentum 1), then blend in 1/count of them.
    const previous = cumulative ? [mean.clone(), variance.clone()] : null;
    const y = batchNorm(x, mean, variance, this.weight, this.bias, { training: useBatchStats, momentum: this.momentum ?? 1, eps: this.eps });
    if (this.training && counter) counter.assign(add(counter, 1));
    if (previous && mean && variance && counter) {
      const factor = reciprocal(cast(counter, 'float32'));
      for (const [running, old] of [[mean, previous[0]], [variance, previous[1]]]) running.assign(add(old, mul(sub(running, old), factor)));
    }
    return y;
  }
}

/**
 * Batch normalisation of `[N, C]` or `[N, C, L]` over all but the channel dimension.
 * @example const bn = new BatchNorm1d(64); bn.call(hidden); bn.eval();
 */
export class BatchNorm1d extends BatchNormBase {
  constructor(numFeatures: number, options: BatchNormOptions = {}) {
    super('BatchNorm1d', numFeatures, options);
  }

  /** `[N, C]` or `[N, C, L]`, same shape out. */
  forward(x: Tensor): Tensor {
    return this.normalize('BatchNorm1d', x, [2, 3], '[N, C] or [N, C, L]');
  }
}

/**
 * Batch normalisation of `[N, C, H, W]` over N, H and W for each channel.
 * @example const bn = new BatchNorm2d(32); const y = bn.call(features);
 */
export class BatchNorm2d extends BatchNormBase {
  constructor(numFeatures: number, options: BatchNormOptions = {}) {
    super('BatchNorm2d', numFeatures, options);
  }

  /** `[N, C, H, W]`, same shape out. */
  forward(x: Tensor): Tensor {
    return this.normalize('BatchNorm2d', x, [4], '[N, C, H, W]');
  }
}
