// The `@tessera/core/webgpu` entry point: importing it registers the webgpu backend, after
// which `await setBackend('webgpu')` opens a device. It is separate from the main entry so
// that apps which never ask for WebGPU bundle none of its code or WGSL.
import { registerBackendLoader } from './engine.js';
import { createWebgpuBackend } from './backends/webgpu/index.js';

registerBackendLoader('webgpu', createWebgpuBackend);

export { createWebgpuBackend };
export type { WebgpuBackend, GpuHandle } from './backends/webgpu/index.js';
