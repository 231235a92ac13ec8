// size-limit budgets (gzip, bundled with esbuild, every export imported) for each entry point
// of each public package. A package's peer dependencies are left out, so each line counts
// the package's own code. A new package or entry point needs a budget here, or this fails.
const { readdirSync, readFileSync, existsSync } = require('node:fs');
const { join } = require('node:path');

const BUDGETS = {
  // Core's wasm binaries (two builds) are inlined in its main entry; the fused attention and
  // sparse graph kernels took it from 77 to 94 kB; the recurrent gates, the max/min graph
  // backward and the in-place indexAdd_ to 102.6 kB.
  '@tessera/core': '105 kB',
  '@tessera/core/webgpu': '107 kB',
  // The recurrent-gate, max/min aggregation and deferred slice gradients: 9.66 kB.
  '@tessera/autograd': '10 kB',
  // The decoding module (greedy, beam search, sampling) took layers from 15.3 to 16.8 kB.
  '@tessera/layers': '17.5 kB',
  '@tessera/attention': '7 kB',
  '@tessera/metrics': '10.5 kB',
  '@tessera/gnn': '8 kB',
  '@tessera/gcnn': '4.5 kB',
  '@tessera/rnn': '6.5 kB',
  '@tessera/transformer': '6.5 kB',
};

const entries = [];
for (const dir of readdirSync(join(__dirname, 'packages'))) {
  const file = join(__dirname, 'packages', dir, 'package.json');
  if (!existsSync(file)) continue;
  const pkg = JSON.parse(readFileSync(file, 'utf8'));
  if (pkg.private) continue;
  for (const [subpath, conditions] of Object.entries(pkg.exports)) {
    if (subpath === './package.json') continue;
    const name = subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`;
    if (!BUDGETS[name]) throw new Error(`.size-limit.cjs: no size budget for ${name}: add one to BUDGETS`);
    entries.push({
      name,
      path: join('packages', dir, conditions.import.default),
      import: '*',
      limit: BUDGETS[name],
      ignore: Object.keys(pkg.peerDependencies ?? {}),
      gzip: true,
    });
  }
}
module.exports = entries;
