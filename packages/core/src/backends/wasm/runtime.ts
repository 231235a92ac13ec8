// One instance of the kernels module and the host-side state around it: the allocator that
// owns linear memory, typed views that follow the memory as it grows, and a small argument
// area through which wrappers pass shapes, strides and offsets to the kernels.
import type { DType, TypedArray } from '../../dtype.js';
import { Allocator } from './allocator.js';
import type { LoadedModule } from './module.js';
import { ThreadPool } from './threads.js';
import { webAssembly } from './wasm-api.js';

/** The functions the module exports (assembly/index.ts); pointers are byte offsets. */
export interface KernelExports {
  unary(code: number, dtype: number, x: number, out: number, n: number, alpha: number): void;
  binary(code: number, dtype: number, a: number, b: number, out: number, n: number, sa: number, sb: number, ...rows: RowArgs): void;
  where(width: number, cond: number, a: number, b: number, out: number, n: number, sc: number, sa: number, sb: number, ...rows: RowArgs): void;
  cast(from: number, to: number, x: number, out: number, n: number): void;
  reduce(code: number, dtype: number, x: number, out: number, acc: number, outSize: number, n: number, innerReduced: number, ...rows: RowArgs): void;
  argReduce(isMax: number, dtype: number, x: number, out: number, outer: number, n: number, inner: number): void;
  cumsum(isFloat: number, x: number, out: number, outer: number, n: number, inner: number): void;
  matmul(
    a: number, b: number, c: number, m: number, n: number, k: number, transposeA: number, transposeB: number,
    batches: number, aOffsets: number, bOffsets: number, cStride: number, thread: number, threads: number, scratch: number,
  ): void;
  matmulInt(
    a: number, b: number, c: number, m: number, n: number, k: number, transposeA: number, transposeB: number,
    batches: number, aOffsets: number, bOffsets: number,
  ): void;
  gemmScratchBytes(): number;
  stridedCopy(width: number, src: number, dst: number, n: number, stride: number, dstStride: number, ...rows: RowArgs): void;
  fill(width: number, dst: number, n: number, bits: number): void;
  gather(
    width: number, x: number, index: number, out: number, count: number, size: number, xInner: number, axisStride: number,
    n: number, ...rows: RowArgs
  ): number;
  indexSelect(width: number, x: number, index: number, out: number, outer: number, size: number, inner: number, m: number): number;
  indexAdd(target: number, index: number, source: number, outer: number, size: number, inner: number, m: number, alpha: number): number;
  firstOccurrence(index: number, out: number, n: number, scratch: number): void;
  firstOccurrenceScratchBytes(n: number): number;
  scatterReduce(
    code: number, isFloat: number, includeSelf: number, x: number, index: number, src: number, out: number, counts: number,
    outSize: number, count: number, size: number, axisStride: number, srcInner: number, outInner: number, n: number,
    rows: number, ndim: number, shape: number, strides: number, at: number, offsets: number, offsets0: number,
  ): number;
  softmax(x: number, out: number, outer: number, n: number, inner: number, log: number, scratch: number): void;
  sparseAggregate(
    code: number, x: number, weight: number, rowPtr: number, colIndex: number, out: number,
    rows: number, heads: number, features: number, thread: number, threads: number,
  ): void;
  sparseExtremeShare(
    x: number, weight: number, y: number, grad: number, rowPtr: number, colIndex: number, out: number,
    rows: number, heads: number, features: number, thread: number, threads: number,
  ): void;
  sparseExtremeGradInput(
    x: number, weight: number, y: number, share: number, tRowPtr: number, tColIndex: number, fromT: number, out: number,
    rows: number, heads: number, features: number, thread: number, threads: number,
  ): void;
  sparseExtremeGradWeight(
    x: number, weight: number, y: number, share: number, rowPtr: number, colIndex: number, out: number,
    rows: number, heads: number, features: number, thread: number, threads: number,
  ): void;
  edgeDot(
    a: number, b: number, rowPtr: number, colIndex: number, out: number,
    rows: number, heads: number, features: number, thread: number, threads: number,
  ): void;
  segmentSoftmax(scores: number, rowPtr: number, out: number, rows: number, heads: number): void;
  im2col(
    x: number, imageStride: number, images: number, col: number, channels: number, h: number, w: number,
    kh: number, kw: number, sh: number, sw: number, ph: number, pw: number, dh: number, dw: number, oh: number, ow: number,
  ): void;
  addBias(out: number, bias: number, images: number, channels: number, plane: number): void;
  col2im(
    col: number, colStride: number, out: number, outStride: number, images: number, channels: number, h: number, w: number,
    kh: number, kw: number, sh: number, sw: number, ph: number, pw: number, dh: number, dw: number, oh: number, ow: number,
  ): void;
  attention(
    q: number, kT: number, v: number, mask: number, out: number, batch: number, L: number, S: number, E: number, Ev: number,
    scale: number, causal: number, mb: number, mr: number, mc: number, keyStride: number, thread: number, threads: number, scratch: number,
  ): void;
  attentionScratchBytes(valueDepth: number): number;
  attentionQueryGrad(
    q: number, kT: number, vT: number, k: number, mask: number, out: number, gradOut: number, dq: number, batch: number, L: number,
    S: number, E: number, Ev: number, scale: number, causal: number, mb: number, mr: number, mc: number, keyStride: number,
    thread: number, threads: number, scratch: number,
  ): void;
  attentionQueryGradScratchBytes(depth: number): number;
  attentionKeyValueGrad(
    q: number, qT: number, k: number, v: number, gT: number, gradOut: number, lse: number, delta: number, mask: number, grads: number,
    batch: number, L: number, S: number, E: number, Ev: number, scale: number, causal: number, mb: number, mr: number, mc: number,
    queryStride: number, thread: number, threads: number, scratch: number,
  ): void;
  attentionKeyValueGradScratchBytes(depth: number, valueDepth: number): number;
  transposeBatches(src: number, batches: number, rows: number, cols: number, srcStride: number, dst: number, dstStride: number): void;
  attentionRowStats(out: number, gradOut: number, rows: number, Ev: number, lse: number, delta: number): void;
  lstmGates(gates: number, cPrev: number, out: number, B: number, H: number, thread: number, threads: number): void;
  lstmGatesGrad(gates: number, cPrev: number, gradOut: number, out: number, B: number, H: number, thread: number, threads: number): void;
  gruGates(gi: number, gh: number, hPrev: number, out: number, B: number, H: number, thread: number, threads: number): void;
  gruGatesGrad(gi: number, gh: number, hPrev: number, gradOut: number, out: number, B: number, H: number, thread: number, threads: number): void;
  heapBase(): number;
}

/** The trailing arguments of a row-walking kernel: rows, ndim and four pointers (see rows.ts). */
export type RowArgs = [rows: number, ndim: number, shape: number, strides: number, index: number, offsets: number];

/** The dtype codes the kernels take. */
export const DTYPE_CODE: Record<DType, number> = { float32: 0, int32: 1, bool: 2 };

/** Bytes per element, as the kernels' `width` argument. */
export function widthOf(dtype: DType): number {
  return dtype === 'bool' ? 1 : 4;
}

/** A module instance with its memory, allocator and argument area. */
export class WasmRuntime {
  readonly exports: KernelExports;
  readonly heap: Allocator;
  /** Worker threads over the shared memory; null where memory cannot be shared. */
  readonly pool: ThreadPool | null;
  private argBase = 0;
  private argBytes = 0;
  private argUsed = 0;
  private workspaceBase = 0;
  private workspaceBytes = 0;

  constructor(readonly loaded: LoadedModule) {
    const instance = new webAssembly.Instance(loaded.module, { env: { memory: loaded.memory } });
    this.exports = instance.exports as unknown as KernelExports;
    this.heap = new Allocator(loaded.memory, this.exports.heapBase());
    this.pool = loaded.shared ? new ThreadPool(loaded, this.exports) : null;
    this.reserveArgs(1 << 16);
  }

  /**
   * A persistent block of at least `bytes` for kernels' scratch (packing buffers). It is
   * reused across calls and replaced by a larger one when a call needs more.
   */
  workspace(bytes: number): number {
    if (bytes > this.workspaceBytes) {
      if (this.workspaceBytes > 0) this.heap.release(this.workspaceBase);
      this.workspaceBase = this.heap.alloc(bytes);
      this.workspaceBytes = bytes;
    }
    return this.workspaceBase;
  }

  private cachedBuffer: ArrayBuffer | null = null;
  private int32View = new Int32Array(0);

  /** The current memory buffer (a new object after every growth). */
  get buffer(): ArrayBuffer {
    return this.loaded.memory.buffer as ArrayBuffer;
  }

  /** An Int32Array over all of memory, rebuilt only when the memory has grown. */
  private get int32(): Int32Array {
    const buffer = this.buffer;
    if (buffer !== this.cachedBuffer) {
      this.cachedBuffer = buffer;
      this.int32View = new Int32Array(buffer);
    }
    return this.int32View;
  }

  /** A view of `size` elements of `dtype` at byte offset `ptr`. */
  view(ptr: number, dtype: DType, size: number): TypedArray {
    switch (dtype) {
      case 'float32':
        return new Float32Array(this.buffer, ptr, size);
      case 'int32':
        return new Int32Array(this.buffer, ptr, size);
      default:
        return new Uint8Array(this.buffer, ptr, size);
    }
  }

  /** A new block for `size` elements of `dtype`. */
  allocate(dtype: DType, size: number): number {
    return this.heap.alloc(size * widthOf(dtype));
  }

  private reserveArgs(bytes: number): void {
    if (this.argBytes > 0) this.heap.release(this.argBase);
    this.argBase = this.heap.alloc(bytes);
    this.argBytes = bytes;
  }

  /**
   * Starts a kernel's arguments: `ints` (the total count of int32 values it will write) are
   * reserved up front, so the area never moves while the kernel's pointers are in use.
   */
  beginArgs(ints: number): void {
    // Each array is padded to 16 bytes: 64 spare ints cover the padding of 16 arrays.
    const bytes = (ints + 64) * 4;
    if (bytes > this.argBytes) this.reserveArgs(Math.max(bytes, this.argBytes * 2));
    this.argUsed = 0;
  }

  /** Writes int32 values into the argument area and returns their byte offset. */
  ints(values: ArrayLike<number>): number {
    const ptr = this.argBase + this.argUsed;
    if (this.argUsed + values.length * 4 > this.argBytes) throw new Error('wasm: argument area overflow (beginArgs reserved too little)');
    this.int32.set(values, ptr >> 2);
    this.argUsed += Math.max(16, Math.ceil((values.length * 4) / 16) * 16);
    return ptr;
  }
}
