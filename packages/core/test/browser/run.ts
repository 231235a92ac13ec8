// Runs core's shared suites in headless Chromium: bundles them with esbuild (vitest and
// node:fs replaced by the shims beside this file), serves the bundle on 127.0.0.1 and
// drives Debian's chromium through playwright-core with WebGPU on SwiftShader.
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { chromiumPath, hasChromium, launchChromium, webgpuAdapterProblem } from '../../../../tooling/browser';
import type { TestResult } from './vitest-shim';

/** What a run in the browser produced. */
export interface BrowserRun {
  results: TestResult[];
  /** Why nothing ran (no WebGPU adapter in the page), if so. */
  skipped?: string;
  /** An error outside any test. */
  fatal?: string;
}

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

// vitest and node:fs become the shims, the fixture is embedded as text, and other Node
// built-ins stay external (only reached on Node code paths).
const shims: Plugin = {
  name: 'tessera-browser-shims',
  setup(b) {
    b.onLoad({ filter: /fixtures[\\/](ops|sparse)\.json$/ }, async (args) => ({ contents: await readFile(args.path, 'utf8'), loader: 'text' }));
    b.onResolve({ filter: /^vitest$/ }, () => ({ path: here('./vitest-shim.ts') }));
    b.onResolve({ filter: /^node:fs$/ }, () => ({ path: here('./fs-shim.ts') }));
    b.onResolve({ filter: /^node:/ }, (args) => ({ path: args.path, external: true }));
  },
};

async function bundle(backends: string): Promise<string> {
  const out = await build({
    entryPoints: [here('./entry.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    // The package says "sideEffects": false; the suites' imports are nothing but side effects.
    ignoreAnnotations: true,
    plugins: [shims],
    define: { 'process.env.TESSERA_BACKENDS': JSON.stringify(backends) },
  });
  return out.outputFiles[0].text;
}

function serve(script: string): Promise<Server> {
  const page = '<!doctype html><meta charset="utf-8"><title>tessera</title><script type="module" src="/suites.js"></script>';
  const server = createServer((request, response) => {
    const js = request.url === '/suites.js';
    response.setHeader('content-type', js ? 'text/javascript' : 'text/html');
    response.end(js ? script : page);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** Runs the suites on `backends` (comma-separated) in headless Chromium. */
export async function runBrowserSuites(backends = 'webgpu', timeoutMs = 15 * 60_000): Promise<BrowserRun> {
  if (!hasChromium()) return { results: [], skipped: `no Chromium at ${chromiumPath} (apt-get install chromium, or set CHROMIUM_PATH)` };
  const server = await serve(await bundle(backends));
  const browser = await launchChromium('core browser suites', { webgpu: true });
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const { port } = server.address() as AddressInfo;
    // The adapter is checked first, so that a browser without WebGPU reports why.
    await page.goto(`http://127.0.0.1:${port}/blank`);
    const adapter = await webgpuAdapterProblem(page);
    if (adapter) return { results: [], skipped: `no WebGPU adapter in headless Chromium: ${adapter}` };
    await page.goto(`http://127.0.0.1:${port}/`);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const report = await page.evaluate(() => (globalThis as { __tessera?: { done: boolean; results: TestResult[]; fatal?: string } }).__tessera);
      if (report?.done) return { results: report.results, fatal: report.fatal };
      if (errors.length > 0 && !report) return { results: [], fatal: errors.join('\n') };
      if (Date.now() > deadline) return { results: report?.results ?? [], fatal: `timed out after ${timeoutMs} ms` };
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  } finally {
    await browser.close();
    server.close();
  }
}
