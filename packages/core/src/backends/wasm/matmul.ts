// The matmul kernel on wasm: batch offsets (with broadcast batch dimensions) computed here,
// the products run by the packed GEMM in assembly/matmul.ts, split over worker threads when
// the product is large enough to pay for waking them.
import type { Kernel } from '../../kernels.js';
import { broadcastStrides, matmulGeometry, sizeOf } from '../../shape.js';
import type { WasmRuntime } from './runtime.js';

/**
 * Below this many multiply-adds a product runs on one thread (waking workers costs more).
 * Measured on 2 vCPUs (median ms, 1 vs 2 threads): 128³ (2M) 0.26 vs 0.28, 162³ (4M) 0.51 vs
 * 0.37.
 */
const PARALLEL_MIN_WORK = 3 << 20;

/** A batch of float32 products `C[t] = op(A)[t] · op(B)[t]` in linear memory. */
export interface GemmBatch {
  a: number;
  b: number;
  c: number;
  m: number;
  n: number;
  k: number;
  transposeA: boolean;
  transposeB: boolean;
  /** Element offsets of each product's A and B (their count is the batch size). */
  aOffsets: ArrayLike<number>;
  bOffsets: ArrayLike<number>;
  /** Elements between consecutive C blocks. */
  cStride: number;
}

/** Runs a float32 GEMM batch, over threads when it is large enough. */
export function runGemm(rt: WasmRuntime, g: GemmBatch): void {
  const batches = g.aOffsets.length;
  const work = batches * g.m * g.n * g.k;
  const threads = rt.pool && work >= PARALLEL_MIN_WORK ? rt.pool.threads : 1;
  const scratch = rt.workspace(threads * rt.exports.gemmScratchBytes());
  rt.beginArgs(2 * batches);
  const aOffsets = rt.ints(g.aOffsets);
  const bOffsets = rt.ints(g.bOffsets);
  const args = [
    g.a, g.b, g.c, g.m, g.n, g.k, g.transposeA ? 1 : 0, g.transposeB ? 1 : 0,
    batches, aOffsets, bOffsets, g.cStride, 0, 1, scratch,
  ];
  if (rt.pool) rt.pool.run('matmul', args, 12, threads);
  else rt.exports.matmul(...(args as Parameters<WasmRuntime['exports']['matmul']>));
}

/** Element offsets, per batch of `outBatch`, of the batches of an operand whose batch shape is `batch`. */
function batchOffsets(batch: readonly number[], outBatch: readonly number[], matrix: number): Int32Array {
  const strides = broadcastStrides(batch, outBatch);
  const count = sizeOf(outBatch);
  const offsets = new Int32Array(count);
  const index = new Array<number>(outBatch.length).fill(0);
  let offset = 0;
  for (let t = 0; t < count; t++) {
    offsets[t] = offset * matrix;
    for (let d = outBatch.length - 1; d >= 0; d--) {
      offset += strides[d];
      if (++index[d] < outBatch[d]) break;
      offset -= strides[d] * outBatch[d];
      index[d] = 0;
    }
  }
  return offsets;
}

/** `out[..., M, N] = op(a)[..., M, K] @ op(b)[..., K, N]` with broadcast batch dimensions. */
export function matmul(rt: WasmRuntime): Kernel<'matmul', number> {
  return ([a, b], { transposeA, transposeB }, out) => {
    const { m, k, n, batchA, batchB, batch } = matmulGeometry(a.shape, b.shape, transposeA, transposeB);
    const ptr = rt.allocate(out.dtype, sizeOf(out.shape));
    const aOffsets = batchOffsets(batchA, batch, m * k);
    const bOffsets = batchOffsets(batchB, batch, k * n);
    if (out.dtype === 'int32') {
      rt.beginArgs(2 * aOffsets.length);
      rt.exports.matmulInt(
        a.handle, b.handle, ptr, m, n, k, transposeA ? 1 : 0, transposeB ? 1 : 0, aOffsets.length, rt.ints(aOffsets), rt.ints(bOffsets),
      );
    } else {
      runGemm(rt, { a: a.handle, b: b.handle, c: ptr, m, n, k, transposeA, transposeB, aOffsets, bOffsets, cStride: m * n });
    }
    return ptr;
  };
}
