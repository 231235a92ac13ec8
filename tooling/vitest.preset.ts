// Shared vitest settings: node environment and a JSON report per package that the root
// script adds up into one closing line.
import { fileURLToPath } from 'node:url';
import { defineConfig, mergeConfig } from 'vitest/config';

/** The vitest configuration every package starts from. */
export const vitestPreset = defineConfig({
  test: {
    environment: 'node',
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results.json' },
    testTimeout: 60_000,
  },
});

/**
 * For packages built on core: @tessera/core (and autograd, layers) are read from their sources, the same module
 * instance the parity harness (tooling/parity.ts) uses, so tests need no build of core first.
 */
export const dependentPreset = mergeConfig(vitestPreset, {
  resolve: {
    alias: {
      '@tessera/core': fileURLToPath(new URL('../packages/core/src/index.ts', import.meta.url)),
      '@tessera/autograd': fileURLToPath(new URL('../packages/autograd/src/index.ts', import.meta.url)),
      '@tessera/layers': fileURLToPath(new URL('../packages/layers/src/index.ts', import.meta.url)),
    },
  },
});
