// Which backend the page computes on, and starting it. The choice lives in the URL
// (`?backend=wasm|webgpu`) so that a page can be linked on either; without one, WebGPU is
// used where `navigator.gpu` gives an adapter and wasm elsewhere. The WebGPU entry point
// is imported only when it is chosen, so wasm pages never download its code.

/** The backends the app offers. */
export type WebBackend = 'wasm' | 'webgpu';

type Core = typeof import('@tessera/core');

interface GpuNavigator {
  gpu?: { requestAdapter(): Promise<unknown> };
}

/** Whether this browser gives a WebGPU adapter (asking for one loads no Tessera code). */
export async function hasWebgpuAdapter(): Promise<boolean> {
  const gpu = (navigator as GpuNavigator).gpu;
  if (!gpu) return false;
  try {
    return (await gpu.requestAdapter()) !== null;
  } catch {
    return false;
  }
}

/** The backend the URL asks for, else WebGPU when an adapter exists, else wasm. */
export function chooseBackend(search: string, webgpu: boolean): WebBackend {
  const asked = new URLSearchParams(search).get('backend');
  if (asked === 'wasm' || asked === 'webgpu') return asked;
  if (asked !== null) throw new Error(`backend: unknown ?backend=${asked} (expected wasm or webgpu)`);
  return webgpu ? 'webgpu' : 'wasm';
}

let started: Promise<Core> | undefined;

/**
 * Loads @tessera/core (and its WebGPU entry point when `backend` is 'webgpu'), makes
 * `backend` the active one and resolves with the core module. Starts once per page load.
 * @example const core = await startBackend('wasm'); core.memory().numTensors;
 */
export function startBackend(backend: WebBackend): Promise<Core> {
  started ??= (async () => {
    const core = await import('@tessera/core');
    if (backend === 'webgpu') await import('@tessera/core/webgpu');
    await core.setBackend(backend);
    await core.ready();
    return core;
  })();
  return started;
}
