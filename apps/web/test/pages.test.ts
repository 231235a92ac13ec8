// End to end: the site built by Vite, served by `vite preview` (COOP/COEP) and driven in
// headless Chromium. Every page runs its main action for a few steps on wasm and on webgpu:
// the loss falls (or the output appears), the live tensor count is the same at two
// checkpoints, the console stays clean, and a screenshot is saved. The requests are recorded
// to check that each page only downloads what it uses. Chromium and its WebGPU adapter are
// required: without them this test fails rather than skips.
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { build, preview, type PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, webgpuAdapterProblem } from '../../../tooling/browser';

const appDir = fileURLToPath(new URL('..', import.meta.url));
const screenshots = join(appDir, 'screenshots');
/** Text only WGSL shaders contain, and the start of a wasm binary in base64 ("\0asm"). */
const WGSL = /@compute|var<storage/;
const WASM = /AGFzbQ/;

let browser: Browser;
let server: PreviewServer;
let origin: string;
/** The gzipped size of each built script, by its URL path. */
const scriptSizes = new Map<string, number>();
let [wasmChunks, webgpuChunks]: string[][] = [[], []];
/** The scripts each page load requested, by `${route} on ${backend}`. */
const requested = new Map<string, string[]>();

beforeAll(async () => {
  await build({ root: appDir, logLevel: 'warn' });
  const assets = join(appDir, 'dist', 'assets');
  for (const file of readdirSync(assets).filter((name) => name.endsWith('.js'))) {
    const text = readFileSync(join(assets, file), 'utf8');
    scriptSizes.set(`/assets/${file}`, gzipSync(text).length);
    if (WASM.test(text)) wasmChunks.push(`/assets/${file}`);
    if (WGSL.test(text)) webgpuChunks.push(`/assets/${file}`);
  }
  server = await preview({ root: appDir, logLevel: 'warn', preview: { port: 0, host: '127.0.0.1' } });
  origin = server.resolvedUrls!.local[0].replace(/\/$/, '');
  browser = await launchChromium('web e2e', { webgpu: true });
  mkdirSync(screenshots, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  const rows = [...requested].map(([load, scripts]) => `  ${load}: ${(scripts.reduce((sum, path) => sum + (scriptSizes.get(path) ?? 0), 0) / 1024).toFixed(1)} KiB gzipped in ${scripts.length} scripts`);
  console.log(`web: JavaScript each page load downloads\n${rows.join('\n')}`);
});

/** Opens `route` on `backend` with the console and the requested scripts recorded. */
async function open(route: string, backend: string): Promise<{ page: Page; consoleErrors: string[]; scripts: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const consoleErrors: string[] = [];
  const scripts: string[] = [];
  page.on('console', (message) => void (message.type() === 'error' && consoleErrors.push(message.text())));
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (path.endsWith('.js')) scripts.push(path);
  });
  await page.goto(`${origin}/?backend=${backend}#/${route}`);
  requested.set(`${route || 'home'} on ${backend}`, scripts);
  if (route) await page.waitForSelector(`main[data-ready="${route}"]`, { timeout: 0 });
  return { page, consoleErrors, scripts };
}

/**
 * Sets the step count, clicks Train and waits until the run ends; returns the live tensor
 * counts recorded after step `checkpoint` and after the last step.
 */
async function train(page: Page, steps: number, checkpoint: number): Promise<[number, number]> {
  await page.fill('#steps', String(steps));
  await page.click('#train');
  const action = page.locator('.long-action');
  const progress = (n: number) => {
    const { step, state } = document.querySelector<HTMLElement>('.long-action')!.dataset;
    return Number(step) >= n || state !== 'running';
  };
  await page.waitForFunction(progress, checkpoint, { timeout: 0, polling: 10 });
  const early = Number(await action.getAttribute('data-tensors'));
  await page.waitForFunction(progress, Infinity, { timeout: 0 });
  // A failed run shows its error in the page: report it.
  expect(await page.locator('#errors').innerText()).toBe('');
  expect(await action.getAttribute('data-state')).toBe('done');
  return [early, Number(await action.getAttribute('data-tensors'))];
}

/** The loss at the first and the last step, as the chart recorded them. */
async function losses(page: Page): Promise<[number, number]> {
  const chart = page.locator('#chart');
  return [Number(await chart.getAttribute('data-loss-first')), Number(await chart.getAttribute('data-loss-last'))];
}

/** The checks every page ends with: nothing in the error panel or the console, a screenshot. */
async function finish(page: Page, consoleErrors: string[], name: string): Promise<void> {
  expect(await page.locator('#errors').innerText()).toBe('');
  expect(consoleErrors).toEqual([]);
  await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
  await page.close();
}

it('has a WebGPU adapter in headless Chromium', async () => {
  const { page } = await open('', 'wasm');
  expect(await webgpuAdapterProblem(page)).toBe('');
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await page.close();
});

it('loads no Tessera code on the home page', async () => {
  const { page, consoleErrors, scripts } = await open('', 'wasm');
  await page.waitForSelector('ul.pages');
  expect(scripts.filter((path) => wasmChunks.includes(path) || webgpuChunks.includes(path))).toEqual([]);
  expect(consoleErrors).toEqual([]);
  await page.close();
});

describe.each(['wasm', 'webgpu'])('on %s', (backend) => {
  // SwiftShader compiles every WGSL pipeline on the CPU the first time it is used: a page's
  // first step on webgpu takes tens of seconds on a busy 2-core machine.
  const timeout = backend === 'webgpu' ? 420_000 : 120_000;

  /** The scripts of `route`'s load hold the wasm binary, WGSL only on webgpu, and no other page's chunk. */
  const checkScripts = (route: string, scripts: string[]) => {
    expect(scripts.filter((path) => wasmChunks.includes(path)).length).toBeGreaterThan(0);
    expect(scripts.some((path) => webgpuChunks.includes(path))).toBe(backend === 'webgpu');
    const pages = scripts.map((path) => /\/(mnist|graphs|equivariance)-[\w-]{8}\.js$/.exec(path)?.[1]).filter(Boolean);
    expect(pages).toEqual([route]);
  };

  it('MNIST: the loss falls, the grid and the drawn digit get predictions', async () => {
    const { page, consoleErrors, scripts } = await open('mnist', backend);
    const [early, late] = await train(page, 20, 5);
    expect(late).toBe(early);
    const [first, last] = await losses(page);
    expect(last).toBeLessThan(first * 0.7);
    expect(await page.locator('.digits').getAttribute('data-predicted')).toBe('true');
    // Draw a "1": one vertical stroke on the pad.
    const box = (await page.locator('.pad canvas').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.15);
    await page.mouse.down();
    for (let t = 0.15; t <= 0.85; t += 0.05) await page.mouse.move(box.x + box.width / 2, box.y + box.height * t);
    await page.mouse.up();
    await page.waitForSelector('#probabilities[data-predicted]');
    checkScripts('mnist', scripts);
    await finish(page, consoleErrors, `mnist-${backend}`);
  }, timeout);

  it('Graphs: the GCN loss falls while the embedding moves, and a long run stops when asked', async () => {
    const { page, consoleErrors, scripts } = await open('graphs', backend);
    const [early, late] = await train(page, 30, 5);
    expect(late).toBe(early);
    const [first, last] = await losses(page);
    expect(last).toBeLessThan(first * 0.7);
    // A long run stops when asked, between two steps, and leaves nothing behind.
    await page.fill('#steps', '100000');
    await page.click('#train');
    await page.waitForFunction(() => Number(document.querySelector<HTMLElement>('.long-action')!.dataset.step) >= 3, undefined, { timeout: 0 });
    await page.click('.long-action .stop');
    await page.waitForSelector('.long-action[data-state="stopped"]', { timeout: 0 });
    expect(Number(await page.locator('.long-action').getAttribute('data-tensors'))).toBe(late);
    checkScripts('graphs', scripts);
    await finish(page, consoleErrors, `graphs-${backend}`);
  }, timeout);

  it("Equivariance: the P4CNN's maps turn and cycle exactly and its prediction stays put", async () => {
    const { page, consoleErrors, scripts } = await open('equivariance', backend);
    const [early, late] = await train(page, 3, 1);
    expect(late).toBe(early);
    const readout = page.locator('#readout');
    for (const k of [1, 2, 3]) {
      await page.click(`#rotate-${k}`);
      await page.waitForSelector(`#readout[data-rotation="${k}"]`);
      expect(Number(await readout.getAttribute('data-p4-error'))).toBeLessThan(1e-4);
      expect(Number(await readout.getAttribute('data-p4-spread'))).toBeLessThan(1e-4);
      expect(new Set((await readout.getAttribute('data-p4-predicted'))!.split(',')).size).toBe(1);
      expect(Number(await readout.getAttribute('data-plain-error'))).toBeGreaterThan(1e-2);
    }
    checkScripts('equivariance', scripts);
    await finish(page, consoleErrors, `equivariance-${backend}`);
  }, timeout);
});
