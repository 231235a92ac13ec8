// Users who never select WebGPU must not ship it: bundling `import { tensor } from
// '@tessera/core'` with esbuild (code splitting on, as for any app with lazy routes) leaves
// every line of WGSL out of what the page loads up front. The webgpu backend sits in a chunk
// reached only through the dynamic import behind setBackend('webgpu').
import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
/** Text that only WGSL shaders contain. */
const WGSL = /@compute|var<storage/;

/** Output files reachable from `file` through static imports (what loads up front). */
function staticClosure(meta: Metafile, file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const imported of meta.outputs[file].imports) {
    if (imported.kind === 'import-statement' && !imported.external) staticClosure(meta, imported.path, seen);
  }
  return seen;
}

it('an app that imports tensor bundles no WGSL up front', async () => {
  const result = await build({
    stdin: { contents: "import { tensor } from '@tessera/core';\nconsole.log(tensor([1, 2]).shape);\n", resolveDir: root, sourcefile: 'app.js' },
    alias: { '@tessera/core': `${root}src/index.ts` },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    outdir: `${root}bundle-check`,
    write: false,
    metafile: true,
    logLevel: 'silent',
    external: ['node:*'],
  });
  const texts = new Map(result.outputFiles.map((f) => [f.path.slice(root.length), f.text]));
  const entry = Object.keys(result.metafile.outputs).find((file) => result.metafile.outputs[file].entryPoint !== undefined)!;
  const upFront = staticClosure(result.metafile, entry);
  for (const file of upFront) expect(WGSL.test(texts.get(file)!), `${file} is loaded up front and contains WGSL`).toBe(false);
  // The shaders do exist, in chunks that only the dynamic import of setBackend('webgpu') loads.
  const lazy = [...texts.keys()].filter((file) => !upFront.has(file) && WGSL.test(texts.get(file)!));
  expect(lazy.length).toBeGreaterThan(0);
});
