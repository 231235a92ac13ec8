// Command-line plumbing the graph demos share: --backend/--steps/--seed parsing and backend
// start-up, so each demo file holds only its data and models.
import { parseArgs } from 'node:util';
import { manualSeed, ready, setBackend } from '@tessera/core';
import { enableAutograd } from '@tessera/autograd';

/**
 * Parses `--backend wasm|webgpu|js`, `--steps N` (training steps; small values make a smoke
 * test), `--seed N` and any `extra` string options, starts the backend and seeds it.
 * @example const { steps, seed } = await startDemo('karate', { steps: 300 });
 */
export async function startDemo(name, defaults, extra = {}) {
  const { values } = parseArgs({
    args: process.argv.slice(2).filter((a) => a !== '--'),
    options: {
      backend: { type: 'string', default: 'wasm' },
      steps: { type: 'string', default: String(defaults.steps) },
      seed: { type: 'string', default: '0' },
      ...extra,
    },
  });
  if (!['wasm', 'webgpu', 'js'].includes(values.backend)) throw new Error(`${name}: unknown --backend '${values.backend}' (expected wasm, webgpu or js)`);
  const steps = Number(values.steps);
  const seed = Number(values.seed);
  if (!Number.isInteger(steps) || steps < 1) throw new Error(`${name}: --steps must be a positive whole number, got ${values.steps}`);
  if (!Number.isInteger(seed) || seed < 0) throw new Error(`${name}: --seed must be a non-negative whole number, got ${values.seed}`);
  if (values.backend === 'webgpu') await import('@tessera/core/webgpu');
  await setBackend(values.backend);
  await ready();
  enableAutograd();
  manualSeed(seed);
  return { ...values, steps, seed };
}
