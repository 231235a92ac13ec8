// The workspace's packages as the tests see them: where the repository is and which
// packages are published (every packages/* whose package.json is not private).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root folder. */
export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** What the tests need to know of a published package. */
export interface PublicPackage {
  name: string;
  version: string;
  dir: string;
}

/** Every public package under packages/, sorted by name. */
export function publicPackages(root = repoRoot): PublicPackage[] {
  const base = join(root, 'packages');
  return readdirSync(base)
    .map((entry) => join(base, entry))
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .map((dir) => ({ dir, json: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }))
    .filter(({ json }) => !json.private)
    .map(({ dir, json }) => ({ name: json.name as string, version: json.version as string, dir }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The pnpm that runs this process (CI starts it through npx), or the one on PATH. */
export function pnpmCommand(): [string, string[]] {
  const execPath = process.env.npm_execpath;
  if (execPath && /pnpm(\.c?js)?$/.test(execPath)) return [process.execPath, [execPath]];
  return ['pnpm', []];
}
