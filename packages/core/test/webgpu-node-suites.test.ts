// The shared suites (ops, attention, sparse graph ops and indexAdd_ against PyTorch, memory, errors, properties, random, tensor) on the
// webgpu backend in Node, through Dawn: the same files, collected here with
// TESSERA_BACKENDS=webgpu, so that `vitest run` covers webgpu without extra setup.
import { it } from 'vitest';
import { loadBackend } from '../src/engine';
import '../src/webgpu';
import { skipBecause } from './webgpu-requirement';

let unavailable = '';
try {
  await loadBackend('webgpu');
} catch (error) {
  unavailable = (error as Error).message;
}

if (unavailable) {
  skipBecause('webgpu-node-suites', unavailable);
  it.skip(`shared suites on webgpu (${unavailable})`, () => {});
} else {
  // Read by tooling/parity.ts when it is first imported, which happens just below.
  process.env.TESSERA_BACKENDS = 'webgpu';
  await import('./ops.parity.test');
  await import('./attention.parity.test');
  await import('./memory.test');
  await import('./errors.test');
  await import('./properties.test');
  await import('./random.test');
  await import('./tensor.test');
  await import('./sparse.test');
  await import('./index-add.test');
}
