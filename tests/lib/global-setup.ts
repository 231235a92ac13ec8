// Packs every public package with pnpm (which turns workspace: ranges into real ones, as a
// release does) and installs the tarballs with npm into a fresh project outside the
// workspace, the way a user installs them. The test files run in that project.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { pnpmCommand, publicPackages } from './packages';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The consumer project's folder, with the tarballs installed in node_modules. */
    consumerDir: string;
  }
}

export default function setup(project: TestProject): () => void {
  const scratch = mkdtempSync(join(tmpdir(), 'tessera-consumer-'));
  const tarballs = join(scratch, 'tarballs');
  const consumer = join(scratch, 'consumer');
  mkdirSync(tarballs);
  const [pnpm, pnpmArgs] = pnpmCommand();
  const dependencies: Record<string, string> = {};
  for (const pkg of publicPackages()) {
    if (!existsSync(join(pkg.dir, 'dist'))) throw new Error(`tests: ${pkg.name} has no dist/: build the packages first (pnpm build)`);
    const before = new Set(readdirSync(tarballs));
    execFileSync(pnpm, [...pnpmArgs, 'pack', '--pack-destination', tarballs], { cwd: pkg.dir, stdio: 'pipe' });
    const made = readdirSync(tarballs).filter((file) => !before.has(file));
    if (made.length !== 1) throw new Error(`tests: packing ${pkg.name} made ${made.length} files`);
    dependencies[pkg.name] = `file:${join(tarballs, made[0])}`;
  }
  cpSync(new URL('../consumer', import.meta.url), consumer, { recursive: true });
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'tessera-consumer', private: true, version: '1.0.0', dependencies }, null, 2));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: consumer, stdio: 'pipe' });
  project.provide('consumerDir', consumer);
  return () => rmSync(scratch, { recursive: true, force: true });
}
