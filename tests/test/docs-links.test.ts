// The repository stands alone: every relative link in its Markdown resolves to a file or
// folder inside it (web links are left alone).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { expect, it } from 'vitest';
import { repoRoot } from '../lib/packages';

const documents = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '*.md'], { cwd: repoRoot, encoding: 'utf8' })
  .split('\n')
  .filter((file) => file.length > 0 && existsSync(join(repoRoot, file)));

/** The relative link targets of a Markdown text, anchors and titles removed. */
function relativeLinks(text: string): string[] {
  const targets = [...text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((match) => match[1]);
  return targets.filter((target) => !/^([a-z]+:|#)/i.test(target)).map((target) => target.split('#')[0]);
}

it('finds the repository documents', () => {
  expect(documents).toContain('README.md');
  expect(documents).toContain('docs/architecture.md');
});

it.each(documents)('%s links only to files inside the repository', (file) => {
  const broken = relativeLinks(readFileSync(join(repoRoot, file), 'utf8')).filter((target) => {
    const path = resolve(dirname(join(repoRoot, file)), target);
    return relative(repoRoot, path).startsWith('..') || !existsSync(path);
  });
  expect(broken).toEqual([]);
});
