// A free-list allocator over WebAssembly linear memory. Blocks come in size classes (four per
// power of two, so at most 25% is wasted); a freed block goes on its class's list and the
// next request of that class reuses it, so a loop that allocates the same shapes every step
// holds its memory flat. When no block fits, the top of the heap moves up, growing the
// memory by whole 64 KiB pages.

import type { WasmMemory } from './wasm-api.js';

const PAGE = 65536;
/** Every block starts on a cache line, which also keeps f32x4 loads aligned. */
const ALIGN = 64;

/** The size class a request of `bytes` is served from. */
export function sizeClass(bytes: number): number {
  if (bytes <= ALIGN) return ALIGN;
  const quarter = Math.max(ALIGN, 2 ** Math.floor(Math.log2(bytes)) / 4);
  return Math.ceil(bytes / quarter) * quarter;
}

/** Hands out byte offsets of blocks in `memory`, above `base`. */
export class Allocator {
  private top: number;
  private readonly free = new Map<number, number[]>();
  private readonly sizes = new Map<number, number>();

  constructor(
    private readonly memory: WasmMemory,
    base: number,
  ) {
    this.top = Math.ceil(base / ALIGN) * ALIGN;
  }

  /** A block of at least `bytes` bytes (its contents are not cleared). */
  alloc(bytes: number): number {
    const size = sizeClass(bytes);
    const reused = this.free.get(size)?.pop();
    if (reused !== undefined) {
      this.sizes.set(reused, size);
      return reused;
    }
    const ptr = this.top;
    const end = ptr + size;
    const available = this.memory.buffer.byteLength;
    if (end > available) {
      // Grow by at least an eighth of the current size so that a run of growing requests
      // does not grow (and copy, for unshared memory) page by page.
      const pages = Math.max(Math.ceil((end - available) / PAGE), Math.ceil(available / PAGE / 8));
      try {
        this.memory.grow(pages);
      } catch {
        throw new Error(`wasm: out of memory: cannot grow WebAssembly memory from ${available} to ${end} bytes`);
      }
    }
    this.top = end;
    this.sizes.set(ptr, size);
    return ptr;
  }

  /** Returns a block to its size class (or lowers the heap top when it is the last block). */
  release(ptr: number): void {
    const size = this.sizes.get(ptr);
    if (size === undefined) throw new Error(`wasm: release of an unknown block at ${ptr}`);
    this.sizes.delete(ptr);
    if (ptr + size === this.top) {
      this.top = ptr;
      return;
    }
    let list = this.free.get(size);
    if (!list) this.free.set(size, (list = []));
    list.push(ptr);
  }

  /** Bytes in blocks handed out and not yet released. */
  get liveBytes(): number {
    let total = 0;
    for (const size of this.sizes.values()) total += size;
    return total;
  }
}
