// The consumer's ESM entry: the packages' ESM builds, imported as a user would.
import * as core from '@tessera/core';
import * as autograd from '@tessera/autograd';
import * as layers from '@tessera/layers';
import * as metrics from '@tessera/metrics';
import scenario from './scenario.cjs';

await scenario.run({ core, autograd, layers, metrics });
