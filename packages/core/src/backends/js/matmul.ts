// Batched matrix products with broadcast batch dimensions. Transposed operands are first
// copied into row-major order, which costs O(MK + KN) against the product's O(MKN).
import { allocArray } from '../../dtype.js';
import type { Kernel } from '../../kernels.js';
import { matmulGeometry } from '../../shape.js';
import { gemmFloat, gemmInt, transposeMatrix } from './gemm.js';
import type { JsHandle } from './index.js';
import { broadcastOffsets } from './strided-offsets.js';

/**
 * `out[..., M, N] = op(a)[..., M, K] @ op(b)[..., K, N]`, op transposing the last two axes when
 * asked. Floats accumulate in float64; int32 wraps at 32 bits.
 */
export const matmul: Kernel<'matmul', JsHandle> = ([a, b], { transposeA, transposeB }, out) => {
  const { m, k, n, batchA, batchB, batch, batches } = matmulGeometry(a.shape, b.shape, transposeA, transposeB);
  const aBatch = broadcastOffsets(batchA, batch);
  const bBatch = broadcastOffsets(batchB, batch);
  const gemm = out.dtype === 'int32' ? gemmInt : gemmFloat;
  const result = allocArray(out.dtype, batches * m * n);
  for (let t = 0; t < batches; t++) {
    const aOffset = (aBatch === undefined ? t : aBatch[t]) * m * k;
    const bOffset = (bBatch === undefined ? t : bBatch[t]) * k * n;
    const [av, ao] = transposeA ? [transposeMatrix(a.handle, aOffset, k, m), 0] : [a.handle, aOffset];
    const [bv, bo] = transposeB ? [transposeMatrix(b.handle, bOffset, n, k), 0] : [b.handle, bOffset];
    gemm(av, ao, bv, bo, result, t * m * n, m, k, n);
  }
  return result;
};
