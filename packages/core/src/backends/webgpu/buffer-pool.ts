/// <reference path="./gpu-types.d.ts" />
// GPU buffers are expensive to create and cheap to reuse, so released tensor storage goes
// back to a pool keyed by size class (powers of two split into quarters: at most 25% waste).
// NOTE: a buffer released while commands that use it are still being recorded may be reused
// as a kernel's output (those commands run in order), but not as an upload target: an
// upload writes through the queue at once, ahead of the recorded commands.
import type { Expression } from './fusion.js';
import { BufferUsage } from './gpu-flags.js';

/** Storage of one tensor on the webgpu backend: a pooled buffer. */
export interface GpuHandle {
  /** The GPU buffer holding the tensor's words. */
  readonly buffer: GPUBuffer;
  /** Unique per buffer: keys the bind-group cache. */
  readonly id: number;
  /** The buffer's size in bytes (its size class). */
  readonly capacity: number;
  /** @internal Holders of the buffer: its tensor storage and the pending expressions that read it. */
  refs: number;
  /** @internal The elementwise expression that will fill the buffer when first needed (see fusion.ts). */
  pending: Expression | null;
}

/** The smallest buffer handed out: also the alignment of every size class. */
const MIN_BYTES = 256;
/** Released buffers kept for reuse, in bytes; past this they are destroyed. */
const MAX_POOLED_BYTES = 512 * 1024 * 1024;

/** The size class of a request: a multiple of 256 bytes, at most 25% above it. */
export function sizeClass(bytes: number): number {
  if (bytes <= MIN_BYTES) return MIN_BYTES;
  const step = Math.max(MIN_BYTES, 2 ** (Math.floor(Math.log2(bytes - 1)) - 2));
  return Math.ceil(bytes / step) * step;
}

function fresh(handle: GpuHandle): GpuHandle {
  handle.refs = 1;
  handle.pending = null;
  return handle;
}

/** Buffers by size class, reused across tensors. */
export class BufferPool {
  private nextId = 1;
  /** Free buffers that no unsubmitted command references. */
  private readonly free = new Map<number, GpuHandle[]>();
  /** Buffers released since the last submit. */
  private readonly recent: GpuHandle[] = [];
  private pooledBytes = 0;
  /** Bytes of all buffers this pool created and has not destroyed. */
  allocatedBytes = 0;

  constructor(
    private readonly device: GPUDevice,
    private readonly maxBufferSize: number,
    /** Called when a buffer is destroyed, so caches that reference it can forget it. */
    private readonly onDestroy: (handle: GpuHandle) => void,
  ) {}

  /**
   * A buffer of at least `bytes`. `forUpload` buffers come only from those no pending
   * command uses; others may also reuse buffers released since the last submit.
   */
  acquire(bytes: number, forUpload: boolean): GpuHandle {
    const capacity = Math.min(sizeClass(bytes), Math.max(this.maxBufferSize - (this.maxBufferSize % 16), bytes));
    const list = this.free.get(capacity);
    if (list && list.length > 0) {
      this.pooledBytes -= capacity;
      return fresh(list.pop()!);
    }
    if (!forUpload) {
      const at = this.recent.findIndex((h) => h.capacity === capacity);
      if (at >= 0) return fresh(this.recent.splice(at, 1)[0]);
    }
    const buffer = this.device.createBuffer({ size: capacity, usage: BufferUsage.STORAGE | BufferUsage.COPY_SRC | BufferUsage.COPY_DST });
    this.allocatedBytes += capacity;
    return { buffer, id: this.nextId++, capacity, refs: 1, pending: null };
  }

  /** Returns a buffer; it becomes free for uploads after the next submit. */
  release(handle: GpuHandle): void {
    this.recent.push(handle);
  }

  /** Called after each submit: recently released buffers are now safe for uploads too. */
  submitted(): void {
    for (const handle of this.recent) {
      if (this.pooledBytes + handle.capacity > MAX_POOLED_BYTES) {
        this.destroy(handle);
        continue;
      }
      let list = this.free.get(handle.capacity);
      if (!list) this.free.set(handle.capacity, (list = []));
      list.push(handle);
      this.pooledBytes += handle.capacity;
    }
    this.recent.length = 0;
  }

  private destroy(handle: GpuHandle): void {
    this.onDestroy(handle);
    handle.buffer.destroy();
    this.allocatedBytes -= handle.capacity;
  }
}
