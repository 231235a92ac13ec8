/// <reference path="./gpu-types.d.ts" />
// Acquiring a GPUDevice: `navigator.gpu` in browsers and workers, Dawn's bindings (the npm
// package `webgpu`) in Node. The device asks for the adapter's largest buffer and dispatch
// limits so that big tensors fit where the hardware allows.
import { opError } from '../../errors.js';
import { useChromiumSwiftShader } from './swiftshader.js';

/** The limits the backend raises to the adapter's maximum when it can. */
const WANTED_LIMITS = [
  'maxBufferSize',
  'maxStorageBufferBindingSize',
  'maxComputeWorkgroupsPerDimension',
  'maxStorageBuffersPerShaderStage',
  'maxComputeWorkgroupStorageSize',
] as const;

/** A device and a description of the adapter behind it. */
export interface AcquiredDevice {
  readonly device: GPUDevice;
  /** Vendor and architecture, e.g. "google swiftshader", for reports. */
  readonly adapterName: string;
}

// Dawn's GPU object owns the native instance; it must outlive every device it made.
let dawnGpu: GPU | null = null;

async function nodeGpu(): Promise<GPU> {
  // A variable specifier: bundlers building for browsers must not try to resolve Dawn.
  const dawnPackage = 'webgpu';
  let dawn: { create(flags: string[]): GPU };
  try {
    dawn = (await import(/* @vite-ignore */ dawnPackage)) as typeof dawn;
  } catch (error) {
    throw opError('setBackend', `the webgpu backend needs the npm package 'webgpu' (Dawn) in Node: npm install webgpu (${(error as Error).message})`);
  }
  dawnGpu = dawn.create([]);
  return dawnGpu;
}

function isNode(): boolean {
  return typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === 'string';
}

async function requestAdapter(): Promise<GPUAdapter | null> {
  const navigatorGpu = (globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu;
  if (navigatorGpu) return navigatorGpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!isNode()) throw opError('setBackend', 'webgpu is not available here: navigator.gpu is undefined (browsers need a secure context and WebGPU enabled)');
  const adapter = await (await nodeGpu()).requestAdapter({ powerPreference: 'high-performance' });
  if (adapter) return adapter;
  // No hardware adapter: try Chromium's SwiftShader through a fresh Dawn instance.
  if (await useChromiumSwiftShader()) return (await nodeGpu()).requestAdapter();
  return null;
}

/**
 * Finds an adapter and opens a device on it with the adapter's maximum limits for buffers
 * and dispatches. Throws a clear error where there is no adapter.
 */
export async function acquireDevice(): Promise<AcquiredDevice> {
  const adapter = await requestAdapter();
  if (!adapter) {
    throw opError(
      'setBackend',
      'webgpu: no GPU adapter was found. In Node install a Vulkan/Metal/D3D12 driver, or on Linux without a GPU ' +
        "Debian's chromium package (its SwiftShader is used automatically, or set VK_ICD_FILENAMES to a Vulkan driver manifest)",
    );
  }
  const requiredLimits: Record<string, number> = {};
  for (const name of WANTED_LIMITS) requiredLimits[name] = adapter.limits[name];
  const device = await adapter.requestDevice({ requiredLimits });
  const info = adapter.info;
  const adapterName = [info?.vendor, info?.architecture, info?.description].filter((s) => s).join(' ') || 'unknown adapter';
  return { device, adapterName };
}
