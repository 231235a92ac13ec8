// The consumer's CommonJS entry: the packages' CJS builds, required as a user would.
const core = require('@tessera/core');
const autograd = require('@tessera/autograd');
const layers = require('@tessera/layers');
const metrics = require('@tessera/metrics');
const { run } = require('./scenario.cjs');

run({ core, autograd, layers, metrics }).catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
