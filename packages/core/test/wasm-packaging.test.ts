// The built package (dist/) as users load it: a Node ESM script, a Node CommonJS script
// and pages bundled by esbuild for the browser, each running a matmul on the wasm backend
// with no configuration; on a cross-origin isolated page, also over worker threads. Needs
// `pnpm build` first (turbo's test task depends on it); the browser checks need Chromium
// (Debian's chromium package).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const packaging = join(root, 'test/packaging');
const built = existsSync(join(root, 'dist/index.js')) && existsSync(join(root, 'dist/index.cjs'));
const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path));
const EXPECTED = { backend: 'wasm', values: [19, 22, 43, 50] };
// CI sets TESSERA_REQUIRE_BROWSER=1: there a missing build or Chromium fails these checks.
const required = process.env.TESSERA_REQUIRE_BROWSER === '1' || Boolean(process.env.CI);
if (!CHROMIUM && !required) console.warn('wasm-packaging: browser checks skipped: no Chromium at /usr/bin/chromium (apt install chromium)');

describe.skipIf(!built && !required)('the built package', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'tessera-packaging-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('runs a matmul on wasm from Node ESM', () => {
    const output = execFileSync(process.execPath, [join(packaging, 'esm-check.mjs')], { cwd: root, encoding: 'utf8' });
    expect(JSON.parse(output)).toEqual(EXPECTED);
  });

  it('runs a matmul on wasm from Node CommonJS', () => {
    const output = execFileSync(process.execPath, [join(packaging, 'cjs-check.cjs')], { cwd: root, encoding: 'utf8' });
    expect(JSON.parse(output)).toEqual(EXPECTED);
  });

  /** Bundles `entry` for the browser and returns what the page reports in its title. */
  async function runPage(entry: string, url: (html: string, script: string) => Promise<{ href: string; close(): void }>): Promise<unknown> {
    const name = entry.replace(/\.js$/, '');
    const script = join(scratch, `${name}.bundle.js`);
    const result = await build({ entryPoints: [join(packaging, entry)], bundle: true, format: 'iife', platform: 'browser', outfile: script, logLevel: 'silent' });
    expect(result.errors).toEqual([]);
    const html = join(scratch, `${name}.html`);
    writeFileSync(html, `<!doctype html><title>loading</title><script src="${name}.bundle.js"></script>`);
    const page = await url(html, script);
    if (!CHROMIUM) throw new Error('wasm-packaging: Chromium is required here but /usr/bin/chromium is missing (apt install chromium)');
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    try {
      const tab = await browser.newPage();
      await tab.goto(page.href);
      await tab.waitForFunction(() => (globalThis as unknown as { document: { title: string } }).document.title !== 'loading', undefined, { timeout: 30_000 });
      return JSON.parse(await tab.title());
    } finally {
      await browser.close();
      page.close();
    }
  }

  it.skipIf(!CHROMIUM && !required)('runs a matmul on wasm in a page bundled by esbuild', async () => {
    const fromFile = async (html: string) => ({ href: `file://${html}`, close: () => {} });
    expect(await runPage('browser-entry.js', fromFile)).toEqual(EXPECTED);
  });

  it.skipIf(!CHROMIUM && !required)('splits a matmul over worker threads on a cross-origin isolated page', async () => {
    // A loopback server that sends the two headers that make a page cross-origin isolated.
    const serve = (html: string, script: string) =>
      new Promise<{ href: string; close(): void }>((resolve) => {
        const server = createServer((request, response) => {
          const isScript = request.url?.endsWith('.js');
          response.writeHead(200, {
            'Content-Type': isScript ? 'text/javascript' : 'text/html',
            'Cross-Origin-Opener-Policy': 'same-origin',
            'Cross-Origin-Embedder-Policy': 'require-corp',
          });
          response.end(readFileSync(isScript ? script : html));
        });
        server.listen(0, '127.0.0.1', () => {
          const address = server.address() as { port: number };
          resolve({ href: `http://127.0.0.1:${address.port}/`, close: () => server.close() });
        });
      });
    expect(await runPage('browser-threads-entry.js', serve)).toEqual({ isolated: true, equal: true, size: 200 * 180 });
  });
});
