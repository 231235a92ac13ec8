// What the three wasm attention kernels share on the host side: the thread count the work
// pays for, the mask strides as arguments, the transposed copies of operands that the tile
// products read (O((L + S)·E) temporary blocks, freed after the call), and running a kernel
// over threads.
import type { TensorInfo } from '../../kernels.js';
import type { AttentionGeometry } from '../attention-geometry.js';
import type { ParallelKernel } from './threads.js';
import type { WasmRuntime } from './runtime.js';

/** Columns of a tile in assembly/attention-tiles.ts: transposed copies are padded by this much. */
const KEYS = 64;

/**
 * Below this many multiply-adds (B·L·S·(E + Ev)) a call runs on one thread, as matmul's
 * threshold (waking workers costs more than the work).
 */
const PARALLEL_MIN_WORK = 3 << 20;

/** Threads for a call of this geometry. */
export function threadsFor(rt: WasmRuntime, g: AttentionGeometry): number {
  const work = g.batch * g.queries * g.keys * (g.depth + g.valueDepth);
  return rt.pool && work >= PARALLEL_MIN_WORK ? rt.pool.threads : 1;
}

/** The mask's element strides as three arguments (zeros without a mask, which the kernels never read then). */
export function maskArgs(g: AttentionGeometry): number[] {
  const m = g.mask ?? { batch: 0, row: 0, col: 0 };
  return [m.batch, m.row, m.col];
}

/** The mask's pointer argument: 0 means none (the allocator never hands out 0). */
export function maskPointer(mask: TensorInfo<number> | undefined): number {
  return mask?.handle ?? 0;
}

/**
 * A copy of `batches` matrices of `rows`×`cols` (rows `srcStride` floats apart) transposed to
 * `[batches, cols, rows + KEYS]`, zero-padded so a tile may read KEYS columns from any row.
 * Returns the block and its row stride; release the block after the kernel.
 */
export function transposed(rt: WasmRuntime, src: number, batches: number, rows: number, cols: number, srcStride: number): { ptr: number; stride: number } {
  const stride = rows + KEYS;
  const ptr = rt.allocate('float32', Math.max(1, batches * cols * stride));
  rt.exports.transposeBatches(src, batches, rows, cols, srcStride, ptr, stride);
  return { ptr, stride };
}

/** Runs a parallel kernel whose thread index and count sit at `threadAt` in `args`. */
export function runAttention(rt: WasmRuntime, kernel: ParallelKernel, args: number[], threadAt: number, threads: number): void {
  if (rt.pool) rt.pool.run(kernel, args, threadAt, threads);
  else (rt.exports[kernel] as (...a: number[]) => void)(...args);
}
