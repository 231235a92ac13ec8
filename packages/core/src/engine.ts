// The engine owns global state: the active backend, tensor bookkeeping (scopes for tidy,
// live counts for memory()), and the single path by which kernels run, where autograd
// hooks in. Nothing here knows any particular op.
import type { AnyBackend, BackendName } from './backend.js';
import { bytesPerElement, type DType, type TypedArray } from './dtype.js';
import { opError } from './errors.js';
import type { InPlaceKernelName, InPlaceKernelSignatures, KernelAttrs, KernelName, RecordedName, RecordedSignatures, TensorInfo } from './kernels.js';
import { sizeOf } from './shape.js';
import { Storage, Tensor } from './tensor.js';
import { jsBackend } from './backends/js/index.js';
import { wasmBackend, wasmBackendSync, wasmSupported } from './backends/wasm/index.js';

type Loader = () => Promise<AnyBackend>;

/**
 * Backends the core can load. js and wasm are built in; webgpu registers itself when its
 * entry point `@tessera/core/webgpu` is imported, so apps that never import it bundle no WGSL.
 */
const loaders: Partial<Record<BackendName, Loader>> = {
  js: async () => jsBackend(),
  wasm: wasmBackend,
};

/** Makes `setBackend(name)` load a backend through `loader` (used by optional entry points). */
export function registerBackendLoader(name: BackendName, loader: Loader): void {
  loaders[name] = loader;
}

const loaded = new Map<BackendName, AnyBackend>();
let active: AnyBackend | null = null;
let pending: Promise<void> = Promise.resolve();

/** wasm wherever the host runs WebAssembly SIMD, js elsewhere. */
function defaultBackendName(): BackendName {
  return wasmSupported() ? 'wasm' : 'js';
}

/**
 * The active backend, bringing up the default one synchronously if none was chosen. In a
 * browser's main thread wasm cannot compile synchronously; wasmBackendSync then throws an
 * error that asks for `await ready()` first.
 */
function defaultBackend(): AnyBackend {
  if (!active) {
    const name = defaultBackendName();
    active = name === 'wasm' ? wasmBackendSync() : jsBackend();
    loaded.set(name, active);
  }
  return active;
}

/** The backend new tensors are created on. */
export function currentBackend(): AnyBackend {
  return defaultBackend();
}

/**
 * Makes `name` the backend that new tensors are created on, loading it first.
 * @example await setBackend('js');
 */
export async function setBackend(name: BackendName): Promise<void> {
  const backend = await loadBackend(name);
  active = backend;
}

/** Loads (once) and returns a backend without making it active. */
export async function loadBackend(name: BackendName): Promise<AnyBackend> {
  const existing = loaded.get(name);
  if (existing) return existing;
  const loader = loaders[name];
  if (!loader) {
    const hint = name === 'webgpu' ? ": import '@tessera/core/webgpu' once (it registers the backend) before setBackend('webgpu')" : '';
    throw opError('setBackend', `backend '${name}' is not available${hint}; available backends: ${Object.keys(loaders).join(', ')}`);
  }
  const task = loader();
  pending = task.then(() => undefined, () => undefined);
  const backend = await task;
  loaded.set(name, backend);
  return backend;
}

/** The name of the active backend. */
export function getBackend(): BackendName {
  return defaultBackend().name;
}

/**
 * Resolves once the active backend has finished loading, loading the default (wasm)
 * asynchronously if none was chosen. Browsers must await it before creating tensors.
 * @example await ready(); const x = tensor([1, 2, 3]);
 */
export async function ready(): Promise<void> {
  await pending;
  active ??= await loadBackend(defaultBackendName());
}

// ---------------------------------------------------------------- bookkeeping

interface Counts {
  numTensors: number;
  numBytes: number;
  /** The most bytes held at once since the last resetPeakBytes. */
  peakBytes: number;
}
const counts = new Map<BackendName, Counts>();
function countsFor(name: BackendName): Counts {
  let c = counts.get(name);
  if (!c) counts.set(name, (c = { numTensors: 0, numBytes: 0, peakBytes: 0 }));
  return c;
}
// The same over every backend: the peak of the sum is not the sum of the peaks.
const total = { numBytes: 0, peakBytes: 0 };

/** Counts `bytes` of new storage on a backend, raising the peaks. */
function grow(c: Counts, bytes: number): void {
  c.numBytes += bytes;
  c.peakBytes = Math.max(c.peakBytes, c.numBytes);
  total.numBytes += bytes;
  total.peakBytes = Math.max(total.peakBytes, total.numBytes);
}

/** Counts `bytes` of storage freed on a backend. */
function shrink(c: Counts, bytes: number): void {
  c.numBytes -= bytes;
  total.numBytes -= bytes;
}

/**
 * Live tensors and the bytes of storage they hold, in total and per backend, with the most
 * bytes held at once since the last resetPeakBytes (to show what a step allocates at most).
 */
export interface MemoryInfo {
  numTensors: number;
  numBytes: number;
  peakBytes: number;
  byBackend: Partial<Record<BackendName, { numTensors: number; numBytes: number; peakBytes: number }>>;
}

/**
 * Restarts the peak-bytes counters of memory() from the bytes held now.
 * @example resetPeakBytes(); step(); console.log(memory().byBackend.wasm?.peakBytes);
 */
export function resetPeakBytes(): void {
  for (const c of counts.values()) c.peakBytes = c.numBytes;
  total.peakBytes = total.numBytes;
}

/**
 * How many tensors are alive and how many bytes of storage they hold.
 * @example const before = memory().numTensors;
 */
export function memory(): MemoryInfo {
  const byBackend: MemoryInfo['byBackend'] = {};
  let numTensors = 0;
  let numBytes = 0;
  for (const [name, c] of counts) {
    byBackend[name] = { ...c };
    numTensors += c.numTensors;
    numBytes += c.numBytes;
  }
  return { numTensors, numBytes, peakBytes: total.peakBytes, byBackend };
}

// Safety net for tensors dropped without dispose(): frees their share of storage on GC.
const finalizer = new FinalizationRegistry<Storage>((storage) => releaseStorage(storage, true));

function releaseStorage(storage: Storage, countTensor: boolean): void {
  const c = countsFor(storage.backend.name);
  if (countTensor) c.numTensors--;
  storage.refs--;
  if (storage.refs === 0) {
    shrink(c, storage.bytes);
    storage.backend.release(storage.handle);
  }
}

const scopes: Set<Tensor>[] = [];

/** Wraps new storage in a tensor and records it in the current scope. */
export function makeTensor<T extends Tensor = Tensor>(
  storage: Storage,
  shape: readonly number[],
  dtype: DType,
  create: (storage: Storage, shape: readonly number[], dtype: DType) => T = (s, sh, d) => new Tensor(s, sh, d) as T,
): T {
  const t = create(storage, shape, dtype);
  storage.refs++;
  const c = countsFor(storage.backend.name);
  c.numTensors++;
  if (storage.refs === 1) grow(c, storage.bytes);
  finalizer.register(t, storage, t);
  if (scopes.length > 0) scopes[scopes.length - 1].add(t);
  return t;
}

/** Creates a tensor from host values on `backend` (the active one by default). */
export function fromValues(values: TypedArray, shape: readonly number[], dtype: DType, backend = currentBackend()): Tensor {
  const storage = new Storage(backend, backend.upload(values, dtype), values.length * bytesPerElement(dtype));
  return makeTensor(storage, shape, dtype);
}

/**
 * A new handle on the same storage with a shape of equal size: reshape is free. It is
 * reported to autograd as `reshape`.
 */
export function view(t: Tensor, shape: readonly number[]): Tensor {
  if (t.isDisposed) throw opError('reshape', `a tensor of shape [${t.shape.join(',')}] was used after dispose()`);
  const out = makeTensor(t.storage, shape, t.dtype);
  if (recorder && t.requiresGrad) recorder('reshape', [t], {}, out);
  return out;
}

/**
 * A new handle on `t`'s storage that no tidy() scope will dispose: autograd uses it to hold
 * the tensors a backward pass needs. Dispose it when done.
 */
export function alias(t: Tensor): Tensor {
  const a = makeTensor(t.storage, t.shape, t.dtype);
  if (scopes.length > 0) scopes[scopes.length - 1].delete(a);
  return a;
}

/** Frees a tensor's handle; its storage goes when no other tensor shares it. */
export function disposeTensor(t: Tensor): void {
  if (t.isDisposed) return;
  t.isDisposed = true;
  finalizer.unregister(t);
  for (const scope of scopes) scope.delete(t);
  releaseStorage(t.storage, true);
  t.releaseParts();
}

/**
 * Points `target` at `source`'s storage (the in-place update behind `assign` and `set`); a
 * move across backends moves the tensor's count with it.
 */
export function swapStorage(target: Tensor, source: Tensor): void {
  const old = target.storage;
  source.storage.refs++;
  const c = countsFor(source.storage.backend.name);
  if (source.storage.refs === 1) grow(c, source.storage.bytes);
  if (old.backend !== source.storage.backend) {
    countsFor(old.backend.name).numTensors--;
    c.numTensors++;
  }
  target.storage = source.storage;
  finalizer.unregister(target);
  finalizer.register(target, target.storage, target);
  releaseStorage(old, false);
}

/**
 * Runs `fn` and disposes every tensor it created except those it returns (in an array or
 * object too) and those passed to `keep`. Returned tensors move to the enclosing scope.
 * @example const y = tidy(() => x.mul(2).add(1)); // the x.mul(2) intermediate is freed
 */
export function tidy<T>(fn: () => T): T {
  const scope = new Set<Tensor>();
  scopes.push(scope);
  let result: T;
  try {
    result = fn();
  } catch (error) {
    scopes.pop();
    for (const t of scope) disposeTensor(t);
    throw error;
  }
  scopes.pop();
  if (result instanceof Promise) {
    for (const t of scope) disposeTensor(t);
    throw opError('tidy', 'the function must not be async: its tensors would be freed before it resolves');
  }
  const returned = new Set<Tensor>();
  collectTensors(result, returned);
  for (const t of scope) if (!returned.has(t)) disposeTensor(t);
  const parent = scopes[scopes.length - 1];
  if (parent) for (const t of returned) if (!t.isDisposed && scope.has(t)) parent.add(t);
  return result;
}

function collectTensors(value: unknown, into: Set<Tensor>, depth = 0): void {
  if (value instanceof Tensor) into.add(value);
  else if (depth < 8 && Array.isArray(value)) for (const v of value) collectTensors(v, into, depth + 1);
  else if (depth < 8 && value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const v of Object.values(value)) collectTensors(v, into, depth + 1);
  }
}

/** Exempts a tensor from disposal by every enclosing tidy(); returns it. */
export function keep<T extends Tensor>(t: T): T {
  for (const scope of scopes) scope.delete(t);
  return t;
}

// ---------------------------------------------------------------- kernels

/**
 * Called after a kernel (or a reshape view) runs on inputs of which at least one requires a
 * gradient. Autograd installs one with setKernelRecorder; core never imports autograd.
 */
export type KernelRecorder = <K extends RecordedName>(
  name: K,
  inputs: readonly Tensor[],
  attrs: RecordedSignatures[K]['attrs'],
  output: Tensor,
) => void;

let recorder: KernelRecorder | null = null;

/** Installs (or with null removes) the hook that sees every kernel run on tracked tensors. */
export function setKernelRecorder(next: KernelRecorder | null): void {
  recorder = next;
}

/**
 * Runs `fn` without reporting kernels to autograd: for values that are not differentiable
 * by definition, such as batch norm's running statistics.
 */
export function untracked<T>(fn: () => T): T {
  const saved = recorder;
  recorder = null;
  try {
    return fn();
  } finally {
    recorder = saved;
  }
}

/**
 * Runs kernel `name` on its backend. Op definitions have already checked arguments and
 * computed the output's shape and dtype.
 */
export function runKernel<K extends KernelName>(
  name: K,
  inputs: readonly Tensor[],
  attrs: KernelAttrs<K>,
  shape: readonly number[],
  dtype: DType,
): Tensor {
  const backend = inputs.length > 0 ? inputs[0].storage.backend : currentBackend();
  for (const t of inputs) {
    if (t.isDisposed) throw opError(name, `a tensor of shape [${t.shape.join(',')}] was used after dispose()`);
    if (t.storage.backend !== backend) {
      throw opError(name, `inputs live on different backends (${backend.name} and ${t.storage.backend.name}); move one with await t.to('${backend.name}')`);
    }
  }
  const infos = inputs.map((t): TensorInfo => ({ shape: t.shape, dtype: t.dtype, handle: t.storage.handle }));
  const kernel = backend.kernels[name] as (i: TensorInfo[], a: KernelAttrs<K>, o: { shape: readonly number[]; dtype: DType }) => unknown;
  const handle = kernel(infos, attrs, { shape, dtype });
  const storage = new Storage(backend, handle, sizeOf(shape) * bytesPerElement(dtype));
  const out = makeTensor(storage, shape, dtype);
  if (recorder && inputs.some((t) => t.requiresGrad)) recorder(name, inputs, attrs, out);
  return out;
}

/**
 * Runs in-place kernel `name`, writing into `target`'s storage, and bumps its version. If
 * other handles share that storage (a reshape, or the source of an `assign`), the target
 * first gets its own copy, so that no other tensor changes: tensors stay immutable values.
 * Autograd does not see in-place updates (run them under noGrad, as optimisers do).
 */
export function runInPlaceKernel<K extends InPlaceKernelName>(
  name: K,
  target: Tensor,
  inputs: readonly Tensor[],
  attrs: InPlaceKernelSignatures[K]['attrs'],
): void {
  const backend = target.storage.backend;
  for (const t of [target, ...inputs]) {
    if (t.isDisposed) throw opError(name, `a tensor of shape [${t.shape.join(',')}] was used after dispose()`);
    if (t.storage.backend !== backend) {
      throw opError(name, `inputs live on different backends (${backend.name} and ${t.storage.backend.name}); move one with await t.to('${backend.name}')`);
    }
  }
  if (target.storage.refs > 1) {
    const copy = untracked(() => runKernel('cast', [target], {}, target.shape, target.dtype));
    swapStorage(target, copy);
    disposeTensor(copy);
  }
  const info = (t: Tensor): TensorInfo => ({ shape: t.shape, dtype: t.dtype, handle: t.storage.handle });
  const kernel = backend.inPlaceKernels[name] as (t: TensorInfo, i: TensorInfo[], a: InPlaceKernelSignatures[K]['attrs']) => void;
  kernel(info(target), inputs.map(info), attrs);
  target.version++;
}
