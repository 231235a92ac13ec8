import { defineConfig, mergeConfig } from 'vitest/config';
import { vitestPreset } from '../tooling/vitest.preset';

// The consumer project is packed and installed once (lib/global-setup.ts) and shared by the
// test files; installing and bundling take a while on a 2-core machine.
export default mergeConfig(vitestPreset, defineConfig({
  test: {
    globalSetup: ['lib/global-setup.ts'],
    testTimeout: 300_000,
    hookTimeout: 600_000,
  },
}));
