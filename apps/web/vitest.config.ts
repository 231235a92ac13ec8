import { defineConfig, mergeConfig } from 'vitest/config';
import { vitestPreset } from '../../tooling/vitest.preset';

// The end-to-end test builds the site and trains in headless Chromium (WebGPU on SwiftShader).
export default mergeConfig(vitestPreset, defineConfig({
  test: { testTimeout: 180_000, hookTimeout: 180_000 },
}));
