// The release a maintainer would cut from this commit (tooling/release-dry-run.mjs: a clean
// clone, `changeset version`, `pnpm publish -r --dry-run`) publishes every public package
// with its own version and nothing private.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { publicPackages, repoRoot } from '../lib/packages';

it('publishes each public package once, with its own new version, and no private package', () => {
  const output = execFileSync(process.execPath, [join(repoRoot, 'tooling/release-dry-run.mjs')], { encoding: 'utf8' });
  const result = JSON.parse(output.trim().split('\n').at(-1)!) as {
    published: { name: string; version: string }[];
    versions: Record<string, string>;
  };
  const names = result.published.map((p) => p.name).sort();
  expect(names).toEqual(publicPackages().map((p) => p.name));
  for (const { name, version } of result.published) expect(version).toBe(result.versions[name]);
  expect(names.some((name) => ['@tessera/demo', '@tessera/bench', '@tessera/tooling', '@tessera/tests'].includes(name))).toBe(false);
});
