// Library authors import only what they need: bundling an app that imports core alone, core
// and metrics, or any one package, from the installed tarballs pulls in only that package and
// the Tessera packages it declares as peers.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { expect, inject, it } from 'vitest';
import { publicPackages } from '../lib/packages';

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

/** The Tessera packages `name` builds on: its peer dependencies, transitively, and itself. */
function withPeers(name: string): string[] {
  const manifest = JSON.parse(readFileSync(join(consumer, 'node_modules', name, 'package.json'), 'utf8')) as { peerDependencies?: Record<string, string> };
  const peers = Object.keys(manifest.peerDependencies ?? {}).filter((peer) => peer.startsWith('@tessera/'));
  return [...new Set([name, ...peers.flatMap(withPeers)])].sort();
}

it.each(publicPackages().map((p) => p.name))('an app importing all of %s bundles it and at most the packages it declares as peers', async (name) => {
  const app = `import * as all from '${name}';\nconsole.log(Object.keys(all).length);\n`;
  const bundled = await packagesIn(app);
  expect(bundled).toContain(name);
  expect(withPeers(name)).toEqual(expect.arrayContaining(bundled));
});
