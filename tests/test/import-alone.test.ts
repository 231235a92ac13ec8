// Library authors import only what they need: bundling an app that imports core alone, or
// core and metrics, from the installed tarballs pulls in no other Tessera package.
import { join } from 'node:path';
import { build } from 'esbuild';
import { expect, inject, it } from 'vitest';

const consumer = inject('consumerDir');

/** The Tessera packages whose files end up in the bundle of `source`. */
async function packagesIn(source: string): Promise<string[]> {
  const result = await build({
    stdin: { contents: source, resolveDir: consumer, sourcefile: 'app.js' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    metafile: true,
    logLevel: 'silent',
    outdir: join(consumer, 'alone'),
    external: ['node:*'],
  });
  const names = Object.keys(result.metafile.inputs).flatMap((file) => /node_modules\/(@tessera\/[^/]+)\//.exec(file)?.[1] ?? []);
  return [...new Set(names)].sort();
}

it('an app importing core bundles core only', async () => {
  expect(await packagesIn("import { tensor } from '@tessera/core';\nconsole.log(tensor([1, 2]).shape);\n")).toEqual(['@tessera/core']);
});

it('an app importing core and metrics bundles those two only', async () => {
  const app = "import { tensor } from '@tessera/core';\nimport { accuracy } from '@tessera/metrics';\nconsole.log(await accuracy(tensor([1]), tensor([1])));\n";
  expect(await packagesIn(app)).toEqual(['@tessera/core', '@tessera/metrics']);
});

it('an app importing layers bundles layers, autograd and core', async () => {
  const app = "import { Linear } from '@tessera/layers';\nconsole.log(new Linear(2, 3));\n";
  expect(await packagesIn(app)).toEqual(['@tessera/autograd', '@tessera/core', '@tessera/layers']);
});
