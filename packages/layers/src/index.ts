// @tessera/layers: PyTorch's nn and optim for TypeScript. Each area lives in its own folder
// and is re-exported here.
export * from './nn/index.js';
export * from './losses/index.js';
export * from './optim/index.js';
export * from './io/index.js';
export * from './data/index.js';
export * from './decoding/index.js';
