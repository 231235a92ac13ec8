import { dependentPreset } from '../../tooling/vitest.preset';

export default dependentPreset;
