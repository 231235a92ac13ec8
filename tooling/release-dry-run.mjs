// The release as a maintainer cuts it, without publishing: in a throwaway clone of the
// committed HEAD, `changeset version` applies the pending changesets, then
// `pnpm publish -r --dry-run` lists what would go to npm. Prints a JSON summary (each package
// published with its version, the private ones left out) after the tools' own output.
// Usage: node tooling/release-dry-run.mjs   (needs the workspace built: dist/ is copied in)
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), 'tessera-release-'));
const clone = join(scratch, 'repo');
const run = (command, args, cwd = clone) => execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const pnpm = process.env.npm_execpath && /pnpm(\.c?js)?$/.test(process.env.npm_execpath) ? [process.execPath, process.env.npm_execpath] : ['pnpm'];

try {
  run('git', ['clone', '--quiet', root, clone], root);
  // The clone borrows the workspace's installed tools and built dist/ folders.
  symlinkSync(join(root, 'node_modules'), join(clone, 'node_modules'));
  const packages = readdirSync(join(clone, 'packages')).filter((dir) => existsSync(join(clone, 'packages', dir, 'package.json')));
  for (const dir of packages) {
    const from = join(root, 'packages', dir);
    if (existsSync(join(from, 'node_modules'))) symlinkSync(join(from, 'node_modules'), join(clone, 'packages', dir, 'node_modules'));
    if (existsSync(join(from, 'dist'))) cpSync(join(from, 'dist'), join(clone, 'packages', dir, 'dist'), { recursive: true });
  }
  const version = run(process.execPath, [join(clone, 'node_modules/@changesets/cli/bin.js'), 'version']);
  process.stdout.write(version);
  const publish = run(pnpm[0], [...pnpm.slice(1), 'publish', '-r', '--dry-run', '--no-git-checks', '--report-summary']);
  process.stdout.write(publish);
  const summary = JSON.parse(readFileSync(join(clone, 'pnpm-publish-summary.json'), 'utf8'));
  const manifests = packages.map((dir) => JSON.parse(readFileSync(join(clone, 'packages', dir, 'package.json'), 'utf8')));
  const result = {
    published: summary.publishedPackages.map(({ name, version: v }) => ({ name, version: v })),
    versions: Object.fromEntries(manifests.map((m) => [m.name, m.version])),
    peerRanges: Object.fromEntries(manifests.map((m) => [m.name, m.peerDependencies ?? {}])),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
