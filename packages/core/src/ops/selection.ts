// Selecting between values element-wise: where, maskedFill and clamp.
import { runKernel, tidy } from '../engine.js';
import { check, fmt } from '../errors.js';
import { broadcastShapes, shapesEqual } from '../shape.js';
import { promoteTypes, scalarDType } from '../dtype.js';
import { Tensor, type TensorLike } from '../tensor.js';
import { asDType, commonOperands, live, sameBackend, scalarLike } from './args.js';
import { gt, lt } from './binary.js';

/**
 * `cond ? a : b` element-wise, broadcasting all three; `a` and `b` may be scalars.
 * @example where(x.gt(0), x, 0)
 */
export function where(cond: Tensor, a: TensorLike, b: TensorLike): Tensor {
  live('where', cond, 'condition');
  check(cond.dtype === 'bool', 'where', () => `condition must be a bool tensor, got ${cond.dtype} (shape ${fmt(cond.shape)})`);
  return tidy(() => {
    const { tensors, dtype } = whereOperands(cond, a, b);
    sameBackend('where', [cond, ...tensors]);
    const shape = broadcastShapes('where', broadcastShapes('where', cond.shape, tensors[0].shape), tensors[1].shape);
    return runKernel('where', [cond, ...tensors.map((t) => asDType(t, dtype))], {}, shape, dtype);
  });
}

// Two scalars take their dtype from each other (as torch.where does) and live on cond's backend.
function whereOperands(cond: Tensor, a: TensorLike, b: TensorLike) {
  if (a instanceof Tensor || b instanceof Tensor) return commonOperands('where', [a, b], ['input', 'other']);
  check((typeof a === 'number' || typeof a === 'boolean') && (typeof b === 'number' || typeof b === 'boolean'), 'where', () =>
    `input and other must be Tensors or scalars, got ${typeof a} and ${typeof b}`);
  const dtype = promoteTypes(scalarDType(a), scalarDType(b));
  return { tensors: [scalarLike(a, dtype, cond), scalarLike(b, dtype, cond)], dtype };
}

/**
 * `x` with `value` wherever the bool `mask` (broadcast to x's shape) is true.
 * @example maskedFill(scores, padMask, -Infinity)
 */
export function maskedFill(x: Tensor, mask: Tensor, value: number | boolean): Tensor {
  live('maskedFill', x);
  live('maskedFill', mask, 'mask');
  check(mask.dtype === 'bool', 'maskedFill', () => `mask must be a bool tensor, got ${mask.dtype} (shape ${fmt(mask.shape)})`);
  check(typeof value === 'number' || typeof value === 'boolean', 'maskedFill', () => `value must be a number or boolean, got ${typeof value}`);
  check(shapesEqual(broadcastShapes('maskedFill', mask.shape, x.shape), x.shape), 'maskedFill', () =>
    `mask of shape ${fmt(mask.shape)} does not broadcast to the input's shape ${fmt(x.shape)}`);
  return tidy(() => runKernel('where', [mask, scalarLike(value, x.dtype, x), x], {}, x.shape, x.dtype));
}

/**
 * Limits `x` to [min, max]; either bound may be omitted (null), and bounds may be tensors.
 * As in PyTorch, where min > max the result is max.
 * @example clamp(x, 0, 1); clamp(x, null, 6);
 */
export function clamp(x: Tensor, min?: TensorLike | null, max?: TensorLike | null): Tensor {
  live('clamp', x);
  const hasMin = min !== undefined && min !== null;
  const hasMax = max !== undefined && max !== null;
  check(hasMin || hasMax, 'clamp', () => 'at least one of min and max must be given');
  return tidy(() => {
    // where rather than maximum/minimum: a value on a bound keeps its gradient, as in PyTorch.
    let out = hasMin ? where(lt(x, min), min, x) : x;
    if (hasMax) out = where(gt(out, max), max, out);
    return out;
  });
}
