// The shared suites (ops against PyTorch, memory, errors, properties, random, tensor) run in
// headless Chromium on the webgpu backend, bundled as a browser app would be.
import { expect, it } from 'vitest';
import { runBrowserSuites } from './browser/run';
import { skipBecause } from './webgpu-requirement';

it('the shared suites pass on webgpu in headless Chromium', async (context) => {
  const run = await runBrowserSuites('webgpu');
  if (run.skipped) {
    skipBecause('webgpu-browser', run.skipped);
    context.skip();
  }
  expect(run.fatal).toBeUndefined();
  const failures = run.results.filter((r) => !r.passed).map((r) => `${r.name}: ${r.error}`);
  console.log(`headless Chromium (webgpu): ${run.results.length - failures.length} passed, ${failures.length} failed`);
  expect(failures).toEqual([]);
  expect(run.results.length).toBeGreaterThan(700);
}, 20 * 60_000);
