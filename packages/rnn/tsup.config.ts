import { defineConfig } from 'tsup';
import { packageBuild } from '../../tooling/tsup.preset';

// The build resolves @tessera/core to its published types; tsconfig.json maps it to core's
// sources for type checking alongside the tests, which share core's module with the parity harness.
export default defineConfig(packageBuild({ tsconfig: 'tsconfig.build.json' }));
