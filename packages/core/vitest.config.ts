import { defineConfig, mergeConfig } from 'vitest/config';
import { vitestPreset } from '../../tooling/vitest.preset';

// Node 20 validates relaxed SIMD only behind a flag, so by default it loads the plain SIMD
// build; the second project runs the wasm op suite again with the flag, on the relaxed-SIMD
// (fused multiply-add) build that Node 22 and current browsers load.
export default mergeConfig(
  vitestPreset,
  defineConfig({
    test: {
      projects: [
        { extends: true, test: { name: 'core' } },
        {
          // Not `extends`: that would add the preset's include patterns to this one.
          test: {
            name: 'wasm relaxed-simd',
            environment: 'node',
            testTimeout: vitestPreset.test?.testTimeout,
            include: ['test/ops.parity.test.ts', 'test/attention.parity.test.ts', 'test/wasm-backend.test.ts'],
            env: { TESSERA_BACKENDS: 'wasm' },
            execArgv: ['--experimental-wasm-relaxed-simd'],
          },
        },
      ],
    },
  }),
);
