// Shared vitest settings: node environment and a JSON report per package that the root
// script adds up into one closing line.
import { defineConfig } from 'vitest/config';

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
