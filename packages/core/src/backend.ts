// The contract between the tensor core and a backend: the backend owns storage (a JS
// typed array, a range of WebAssembly memory, a GPU buffer) and runs kernels on it.
import type { DType, TypedArray } from './dtype.js';
import type { InPlaceKernelTable, KernelTable } from './kernels.js';

/** Names of the backends the core knows how to load. */
export type BackendName = 'js' | 'wasm' | 'webgpu';

/** A backend: storage management plus one kernel per primitive op. */
export interface Backend<H = unknown> {
  readonly name: BackendName;
  readonly kernels: KernelTable<H>;
  /** The kernels that write into an existing tensor's storage (optimisers' row updates). */
  readonly inPlaceKernels: InPlaceKernelTable<H>;
  /** Copies host values into new storage of `values.length` elements. */
  upload(values: TypedArray, dtype: DType): H;
  /** Reads storage back to the host; `size` is the element count. */
  read(handle: H, dtype: DType, size: number): Promise<TypedArray>;
  /** Synchronous readback; backends that cannot do it throw a clear error. */
  readSync(handle: H, dtype: DType, size: number): TypedArray;
  /** Frees storage; called once, when the last tensor sharing it is disposed. */
  release(handle: H): void;
}

/**
 * A backend whose handle type is opaque: how the engine and tensors hold backends. Handles
 * only ever travel from a backend's own upload or kernel back into the same backend.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyBackend = Backend<any>;
