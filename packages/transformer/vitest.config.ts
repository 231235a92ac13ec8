import { fileURLToPath } from 'node:url';
import { mergeConfig } from 'vitest/config';
import { dependentPreset } from '../../tooling/vitest.preset';

// The preset aliases core, autograd and layers to their sources; attention likewise here.
export default mergeConfig(dependentPreset, {
  resolve: { alias: { '@tessera/attention': fileURLToPath(new URL('../attention/src/index.ts', import.meta.url)) } },
});
