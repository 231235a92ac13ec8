// Loading the kernels' WebAssembly module: decoding the embedded bytes, choosing the
// relaxed-SIMD build where the host validates it, and creating the memory it imports
// (shared, for worker threads, where the host allows it).
import { relaxedSimdModule, simdModule } from './generated/modules.js';
import { webAssembly, type WasmMemory, type WasmModule } from './wasm-api.js';

/** 65536 pages of 64 KiB: the whole 4 GiB a 32-bit WebAssembly memory can address. */
const MAXIMUM_PAGES = 65536;
const INITIAL_PAGES = 64;

/** The compiled module and how it was chosen. */
export interface LoadedModule {
  readonly module: WasmModule;
  readonly memory: WasmMemory;
  /** Whether the relaxed-SIMD (fused multiply-add) build was chosen. */
  readonly relaxed: boolean;
  /** Whether the memory is shared, so that worker threads can run kernels on it. */
  readonly shared: boolean;
}

/** The bytes of an embedded base64 module. */
export function decode(base64: string): Uint8Array {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** Whether this host can share WebAssembly memory with workers. */
function canShareMemory(): boolean {
  if (typeof SharedArrayBuffer === 'undefined') return false;
  // Browsers only hand out shared memory to cross-origin isolated pages.
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated;
  if (isolated === false) return false;
  try {
    new webAssembly.Memory({ initial: 1, maximum: 1, shared: true });
    return true;
  } catch {
    return false;
  }
}

function readLeb(bytes: Uint8Array, at: number): [value: number, next: number] {
  let value = 0;
  let shift = 0;
  let byte: number;
  do {
    byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [value, at];
}

/**
 * Clears the "shared" flag of the module's memory import, so that the same build links to
 * ordinary memory on hosts without SharedArrayBuffer. The kernels use no atomics, so
 * nothing else depends on the memory being shared.
 */
export function unshareMemoryImport(bytes: Uint8Array): Uint8Array {
  const out = bytes.slice();
  let at = 8;
  while (at < out.length) {
    const id = out[at];
    const [size, body] = readLeb(out, at + 1);
    if (id === 2) {
      let [count, p] = readLeb(out, body);
      for (; count > 0; count--) {
        for (let name = 0; name < 2; name++) {
          const [length, next] = readLeb(out, p);
          p = next + length;
        }
        const kind = out[p++];
        if (kind === 2) {
          out[p] &= ~0x02;
          return out;
        }
        if (kind === 0) p = readLeb(out, p)[1];
        else if (kind === 3) p += 2;
        else throw new Error('wasm: unexpected import in the kernels module');
      }
    }
    at = body + size;
  }
  throw new Error('wasm: the kernels module imports no memory');
}

function choose(): { bytes: Uint8Array; relaxed: boolean; shared: boolean } {
  const relaxedBytes = decode(relaxedSimdModule);
  const relaxed = webAssembly.validate(relaxedBytes);
  let bytes = relaxed ? relaxedBytes : decode(simdModule);
  const shared = canShareMemory();
  if (!shared) bytes = unshareMemoryImport(bytes);
  if (!webAssembly.validate(bytes)) {
    throw new Error('wasm: this host does not support WebAssembly SIMD (fixed-width SIMD is required); use the js backend');
  }
  return { bytes, relaxed, shared };
}

function memoryFor(shared: boolean): WasmMemory {
  return new webAssembly.Memory({ initial: INITIAL_PAGES, maximum: MAXIMUM_PAGES, shared });
}

/** Whether the host can run the kernels at all (WebAssembly with fixed-width SIMD). */
export function wasmSupported(): boolean {
  try {
    return typeof webAssembly === 'object' && webAssembly.validate(unshareMemoryImport(decode(simdModule)));
  } catch {
    return false;
  }
}

/**
 * Compiles the module synchronously. Node and workers allow this for any size; a browser's
 * main thread may refuse (it then throws a RangeError).
 */
export function loadModuleSync(): LoadedModule {
  const { bytes, relaxed, shared } = choose();
  return { module: new webAssembly.Module(bytes), memory: memoryFor(shared), relaxed, shared };
}

/** Compiles the module off the main thread where the host can. */
export async function loadModule(): Promise<LoadedModule> {
  const { bytes, relaxed, shared } = choose();
  return { module: await webAssembly.compile(bytes), memory: memoryFor(shared), relaxed, shared };
}
