import { fileURLToPath } from 'node:url';
import { mergeConfig } from 'vitest/config';
import { dependentPreset } from '../../tooling/vitest.preset';

// @tessera/attention is read from its sources too, so it shares core's module with the tests.
export default mergeConfig(dependentPreset, {
  resolve: {
    alias: {
      '@tessera/attention': fileURLToPath(new URL('../attention/src/index.ts', import.meta.url)),
    },
  },
});
