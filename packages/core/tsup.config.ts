import { defineConfig } from 'tsup';
import { packageBuild } from '../../tooling/tsup.preset';

// Two entry points sharing chunks (and so one engine): the core, and the webgpu backend,
// which registers itself when imported.
export default defineConfig(packageBuild({ entry: ['src/index.ts', 'src/webgpu.ts'] }));
