// The wasm backend: kernels written in AssemblyScript (assembly/), compiled with SIMD at
// build time and embedded in the package. Tensors live in the module's linear memory: a
// handle is the byte offset of its block. Node compiles the module synchronously, so the
// backend can come up the moment the first tensor is made; a browser's main thread may
// refuse to compile synchronously, and there `await ready()` (or `setBackend('wasm')`)
// must come first.
import type { Backend } from '../../backend.js';
import { allocArray, type DType, type TypedArray } from '../../dtype.js';
import type { InPlaceKernelTable, KernelTable } from '../../kernels.js';
import { argReduce } from './arg-reduce.js';
import { attention } from './attention.js';
import { attentionKeyValueGrad } from './attention-key-value-grad.js';
import { attentionQueryGrad } from './attention-query-grad.js';
import { binary } from './binary.js';
import { cast } from './cast.js';
import { concat } from './concat.js';
import { conv2d } from './conv2d.js';
import { convTranspose2d } from './conv-transpose2d.js';
import { cumsum } from './cumsum.js';
import { edgeDot } from './edge-dot.js';
import { firstOccurrence } from './first-occurrence.js';
import { gather } from './gather.js';
import { gruGates } from './gru-gates.js';
import { gruGatesGrad } from './gru-gates-grad.js';
import { indexAdd } from './index-add.js';
import { indexSelect } from './index-select.js';
import { lstmGates } from './lstm-gates.js';
import { lstmGatesGrad } from './lstm-gates-grad.js';
import { matmul } from './matmul.js';
import { loadModule, loadModuleSync } from './module.js';
import { pad } from './pad.js';
import { reduce } from './reduce.js';
import { WasmRuntime } from './runtime.js';
import { scatterReduce } from './scatter-reduce.js';
import { segmentSoftmax } from './segment-softmax.js';
import { softmax } from './softmax.js';
import { sparseAggregate } from './sparse-aggregate.js';
import { sparseExtremeGradInput } from './sparse-extreme-grad-input.js';
import { sparseExtremeGradWeight } from './sparse-extreme-grad-weight.js';
import { sparseExtremeShare } from './sparse-extreme-share.js';
import { stridedCopy } from './strided-copy.js';
import { unary } from './unary.js';
import { where } from './where.js';

export { wasmSupported } from './module.js';

/** Storage on the wasm backend: the byte offset of a block in the module's memory. */
export type WasmHandle = number;

let runtime: WasmRuntime | null = null;
let backend: Backend<WasmHandle> | null = null;
let preferredThreads: number | null = null;

// NOTE: slice() of a view on shared memory is ~30 times slower in V8 than set() into a new
// array (measured in Node 20), so readback copies with set().
/** Copies `size` elements out of linear memory into an ordinary (unshared) array. */
function copyOut(rt: WasmRuntime, handle: WasmHandle, dtype: DType, size: number): TypedArray {
  const out = allocArray(dtype, size);
  out.set(rt.view(handle, dtype, size));
  return out;
}

function create(rt: WasmRuntime): Backend<WasmHandle> {
  runtime = rt;
  if (preferredThreads !== null) void rt.pool?.resize(preferredThreads);
  const kernels: KernelTable<WasmHandle> = {
    unary: unary(rt),
    binary: binary(rt),
    where: where(rt),
    cast: cast(rt),
    reduce: reduce(rt),
    argReduce: argReduce(rt),
    cumsum: cumsum(rt),
    matmul: matmul(rt),
    stridedCopy: stridedCopy(rt),
    concat: concat(rt),
    pad: pad(rt),
    gather: gather(rt),
    indexSelect: indexSelect(rt),
    firstOccurrence: firstOccurrence(rt),
    scatterReduce: scatterReduce(rt),
    sparseAggregate: sparseAggregate(rt),
    sparseExtremeShare: sparseExtremeShare(rt),
    sparseExtremeGradInput: sparseExtremeGradInput(rt),
    sparseExtremeGradWeight: sparseExtremeGradWeight(rt),
    edgeDot: edgeDot(rt),
    segmentSoftmax: segmentSoftmax(rt),
    softmax: softmax(rt),
    conv2d: conv2d(rt),
    convTranspose2d: convTranspose2d(rt),
    attention: attention(rt),
    attentionQueryGrad: attentionQueryGrad(rt),
    attentionKeyValueGrad: attentionKeyValueGrad(rt),
    lstmGates: lstmGates(rt),
    lstmGatesGrad: lstmGatesGrad(rt),
    gruGates: gruGates(rt),
    gruGatesGrad: gruGatesGrad(rt),
  };
  const inPlaceKernels: InPlaceKernelTable<WasmHandle> = { indexAdd: indexAdd(rt) };
  return {
    name: 'wasm',
    kernels,
    inPlaceKernels,
    upload(values, dtype) {
      const ptr = rt.allocate(dtype, values.length);
      rt.view(ptr, dtype, values.length).set(values);
      return ptr;
    },
    read: async (handle, dtype, size) => copyOut(rt, handle, dtype, size),
    readSync: (handle, dtype, size) => copyOut(rt, handle, dtype, size),
    release: (handle) => rt.heap.release(handle),
  };
}

/**
 * The wasm backend, compiled synchronously on first use. Throws where the host refuses
 * synchronous compilation (a browser's main thread): call `await ready()` first there.
 */
export function wasmBackendSync(): Backend<WasmHandle> {
  if (backend) return backend;
  let rt: WasmRuntime;
  try {
    rt = new WasmRuntime(loadModuleSync());
  } catch (error) {
    if (error instanceof RangeError) {
      throw new Error(
        "wasm: this host cannot compile WebAssembly synchronously (a browser's main thread); " +
          'call `await ready()` (or `await setBackend(\'wasm\')`) before creating tensors',
      );
    }
    throw error;
  }
  backend = create(rt);
  return backend;
}

/** The wasm backend, compiled asynchronously on first use. */
export async function wasmBackend(): Promise<Backend<WasmHandle>> {
  if (backend) return backend;
  const loaded = await loadModule();
  backend ??= create(new WasmRuntime(loaded));
  return backend;
}

/**
 * Sets how many threads the wasm backend's matmul and convolution split over (the calling
 * thread included). Threads need shared WebAssembly memory: Node, or a cross-origin
 * isolated page; elsewhere everything runs on one thread. The default is the number of
 * cores. Resolves once the worker threads are running.
 * @example await setThreads(1); // single-threaded, e.g. for reproducible timings
 */
export function setThreads(n: number): Promise<void> {
  if (!Number.isInteger(n) || n < 1) throw new Error(`setThreads: expected a positive integer, got ${n}`);
  preferredThreads = n;
  return runtime?.pool?.resize(n) ?? Promise.resolve();
}

/** Facts about the loaded wasm backend, for benchmarks and tests; null before it loads. */
export function wasmInfo(): { relaxedSimd: boolean; sharedMemory: boolean; threads: number; memoryBytes: number } | null {
  if (!runtime) return null;
  return {
    relaxedSimd: runtime.loaded.relaxed,
    sharedMemory: runtime.loaded.shared,
    threads: runtime.pool?.requestedThreads ?? 1,
    memoryBytes: runtime.buffer.byteLength,
  };
}
