// `readFileSync` for the browser bundle: the op and sparse suites read their fixture files,
// which the bundler embeds as text (not parsed and re-serialised, which would turn -0 into 0).
import ops from '../fixtures/ops.json';
import sparse from '../fixtures/sparse.json';

/** Returns an embedded fixture; any other path is an error. */
export function readFileSync(path: URL | string): string {
  if (String(path).endsWith('fixtures/ops.json')) return ops as unknown as string;
  if (String(path).endsWith('fixtures/sparse.json')) return sparse as unknown as string;
  throw new Error(`readFileSync: ${String(path)} is not embedded in the browser bundle`);
}
