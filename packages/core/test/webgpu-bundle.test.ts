// Users who never select WebGPU must not ship it: an app that imports from '@tessera/core'
// bundles no WGSL at all, with or without code splitting, because the webgpu backend lives
// behind its own entry point, '@tessera/core/webgpu'. An app that imports that entry does
// get the shaders, which shows the check can see them.
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
/** Text that only WGSL shaders contain. */
const WGSL = /@compute|var<storage/;

/** Every output file of bundling `source` for the browser, as text. */
async function bundle(source: string, splitting: boolean): Promise<string[]> {
  const result = await build({
    stdin: { contents: source, resolveDir: root, sourcefile: 'app.js' },
    alias: { '@tessera/core/webgpu': `${root}src/webgpu.ts`, '@tessera/core': `${root}src/index.ts` },
    bundle: true,
    splitting,
    format: 'esm',
    platform: 'browser',
    outdir: `${root}bundle-check`,
    write: false,
    logLevel: 'silent',
    external: ['node:*'],
  });
  return result.outputFiles.map((f) => f.text);
}

const plainApp = "import { tensor } from '@tessera/core';\nconsole.log(tensor([1, 2]).shape);\n";
const webgpuApp = "import '@tessera/core/webgpu';\nimport { setBackend } from '@tessera/core';\nawait setBackend('webgpu');\n";

it.each([false, true])('an app that imports tensor bundles no WGSL (splitting: %s)', async (splitting) => {
  const files = await bundle(plainApp, splitting);
  expect(files.some((text) => WGSL.test(text))).toBe(false);
});

it('an app that imports @tessera/core/webgpu bundles its shaders', async () => {
  const files = await bundle(webgpuApp, false);
  expect(files.some((text) => WGSL.test(text))).toBe(true);
});

it('setBackend(\'webgpu\') without the entry point says which import registers it', async () => {
  const { setBackend } = await import('../src/index');
  await expect(setBackend('webgpu')).rejects.toThrow("import '@tessera/core/webgpu' once");
});
