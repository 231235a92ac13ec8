// A page importing only @tessera/core, built for production by Vite from the installed
// tarballs with no configuration, computes on wasm in headless Chromium, and its bundle
// holds no WGSL and no autograd. A second page that imports webgpu and autograd shows that
// the bundle checks can see both.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchChromium } from '../../tooling/browser';
import { build } from 'vite';
import { describe, expect, inject, it } from 'vitest';

const consumer = inject('consumerDir');
/** Text only WGSL shaders contain. */
const WGSL = /@compute|var<storage/;
/** Text only autograd contains (its error messages survive minification). */
const AUTOGRAD = /does not require grad|gradcheck:/;

/** Builds the page in `dir` with Vite and returns the output folder and its JavaScript. */
async function buildPage(dir: string): Promise<{ outDir: string; scripts: string[] }> {
  const outDir = `${dir}-dist`;
  await build({ root: dir, logLevel: 'silent', build: { outDir, emptyOutDir: true } });
  const assets = join(outDir, 'assets');
  const scripts = readdirSync(assets).filter((file) => file.endsWith('.js')).map((file) => readFileSync(join(assets, file), 'utf8'));
  return { outDir, scripts };
}

/** Serves `root` on loopback, loads it in headless Chromium and returns the title it sets. */
async function titleOf(root: string): Promise<unknown> {
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' };
  const server = createServer((request, response) => {
    const path = join(root, request.url === '/' ? 'index.html' : (request.url ?? '').split('?')[0]);
    if (!path.startsWith(root) || !existsSync(path)) return void response.writeHead(404).end();
    response.writeHead(200, { 'Content-Type': types[extname(path)] ?? 'application/octet-stream' }).end(readFileSync(path));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const browser = await launchChromium('vite-page').catch((error) => {
    server.close();
    throw error;
  });
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await page.waitForFunction(() => (globalThis as unknown as { document: { title: string } }).document.title !== 'loading', undefined, { timeout: 60_000 });
    return JSON.parse(await page.title());
  } finally {
    await browser.close();
    server.close();
  }
}

describe('a Vite production build of a page importing @tessera/core', async () => {
  const { outDir, scripts } = await buildPage(join(consumer, 'web'));
  const gzipBytes = scripts.reduce((sum, text) => sum + gzipSync(text).length, 0);
  console.log(`vite-page: the core-only page ships ${scripts.length} script(s), ${(gzipBytes / 1024).toFixed(1)} KiB gzipped`);

  it('computes a matmul on wasm in headless Chromium', async () => {
    expect(await titleOf(outDir)).toEqual({ backend: 'wasm', values: [19, 22, 43, 50] });
  });

  it('bundles no WGSL and no autograd', () => {
    expect(scripts.some((text) => WGSL.test(text))).toBe(false);
    expect(scripts.some((text) => AUTOGRAD.test(text))).toBe(false);
  });

  it('would show WGSL and autograd where a page imports them', async () => {
    const dir = join(consumer, 'web-full');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'index.html'), readFileSync(join(consumer, 'web/index.html'), 'utf8'));
    writeFileSync(
      join(dir, 'main.js'),
      "import '@tessera/core/webgpu';\nimport { tensor } from '@tessera/core';\nimport { backward } from '@tessera/autograd';\nconst w = tensor([1], { requiresGrad: true });\nbackward(w.mul(w).sum());\ndocument.title = JSON.stringify(Array.from(w.grad.dataSync()));\n",
    );
    const full = await buildPage(dir);
    expect(full.scripts.some((text) => WGSL.test(text))).toBe(true);
    expect(full.scripts.some((text) => AUTOGRAD.test(text))).toBe(true);
  });
});
