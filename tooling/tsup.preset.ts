// Shared tsup settings so every package ships the same ESM + CJS + .d.ts layout.
import type { Options } from 'tsup';

/** tsup options for a Tessera package: ESM and CJS builds with type declarations. */
export function packageBuild(overrides: Options = {}): Options {
  return {
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'es2022',
    treeshake: true,
    splitting: true,
    ...overrides,
  };
}
