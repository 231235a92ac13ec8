// The part of the WebAssembly JavaScript API this backend uses, typed here because core
// compiles against ES2022 alone (no DOM library, whose declarations would also clash).

/** A WebAssembly.Memory. */
export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
  grow(pages: number): number;
}

/** A compiled WebAssembly.Module (opaque; it can be posted to workers). */
export type WasmModule = object;

interface WasmApi {
  Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: Record<string, Record<string, unknown>>) => { exports: Record<string, unknown> };
  validate(bytes: Uint8Array): boolean;
  compile(bytes: Uint8Array): Promise<WasmModule>;
}

/** The host's WebAssembly object (undefined where there is none). */
export const webAssembly = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly as WasmApi;
