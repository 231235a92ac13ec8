// Headless Chromium for the tests that run Tessera in a browser (core's browser suites, the
// Vite page of tests/, the apps/web end-to-end tests): where Debian's chromium is, the flags
// that give it WebGPU on SwiftShader (Vulkan on the CPU) on machines without a GPU, and a
// check that the page really got an adapter.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Where Debian's chromium package puts the browser (or Ubuntu's); CHROMIUM_PATH overrides it. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? (['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path)) ?? '/usr/bin/chromium');

/** Flags that turn WebGPU on in headless Chromium and run it on SwiftShader. */
export const WEBGPU_ARGS = ['--enable-unsafe-webgpu', '--use-webgpu-adapter=swiftshader', '--enable-features=Vulkan'];

/** Whether the browser is installed. */
export function hasChromium(): boolean {
  return existsSync(chromiumPath);
}

/**
 * Launches headless Chromium (with WebGPU on SwiftShader when `webgpu`); throws an error
 * naming `caller` and how to install the browser when it is missing.
 * @example const browser = await launchChromium('web e2e', { webgpu: true });
 */
export function launchChromium(caller: string, { webgpu = false } = {}): Promise<Browser> {
  if (!hasChromium()) throw new Error(`${caller}: Chromium is required at ${chromiumPath} (apt-get install chromium, or set CHROMIUM_PATH)`);
  return chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', ...(webgpu ? WEBGPU_ARGS : [])] });
}

/** Why `page` has no WebGPU adapter ('navigator.gpu is undefined', ...), or '' when it has one. */
export function webgpuAdapterProblem(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const gpu = (globalThis as { navigator?: { gpu?: { requestAdapter(): Promise<unknown> } } }).navigator?.gpu;
    if (!gpu) return 'navigator.gpu is undefined';
    return (await gpu.requestAdapter()) ? '' : 'requestAdapter() returned null';
  });
}
