// Softmax and log-softmax along one dimension, computed stably by one kernel.
import { runKernel, tidy } from '../engine.js';
import type { Tensor } from '../tensor.js';
import { normalizeDim } from '../shape.js';
import { asDType, live } from './args.js';
import { reshape } from './reshape.js';

function softmaxOp(op: 'softmax' | 'logSoftmax', x: Tensor, dim: number): Tensor {
  live(op, x);
  const axis = normalizeDim(op, dim, x.ndim);
  return tidy(() => {
    const float = asDType(x, 'float32');
    const input = x.ndim === 0 ? reshape(float, [1]) : float;
    const out = runKernel('softmax', [input], { axis, log: op === 'logSoftmax' }, input.shape, 'float32');
    return x.ndim === 0 ? reshape(out, []) : out;
  });
}

/**
 * `exp(x) / sum(exp(x))` along `dim`.
 * @example softmax(logits, -1)
 */
export function softmax(x: Tensor, dim: number): Tensor {
  return softmaxOp('softmax', x, dim);
}

/**
 * `x - logsumexp(x)` along `dim`, without forming the softmax first.
 * @example logSoftmax(logits, 1)
 */
export function logSoftmax(x: Tensor, dim: number): Tensor {
  return softmaxOp('logSoftmax', x, dim);
}
