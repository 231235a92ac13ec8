// Row plans for kernels whose operands broadcast against the output shape.
import type { TensorInfo } from '../../kernels.js';
import { broadcastStrides, stridesOf } from '../../shape.js';
import { planRows, type RowPlan } from './rows.js';

/** The row walk over `outShape` for `inputs` (broadcast) followed by the contiguous output. */
export function broadcastRows(inputs: readonly TensorInfo<number>[], outShape: readonly number[]): RowPlan {
  return planRows(outShape, [...inputs.map((t) => broadcastStrides(t.shape, outShape)), stridesOf(outShape)]);
}
