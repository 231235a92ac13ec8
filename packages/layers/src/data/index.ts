// Data utilities: seeded, shuffling mini-batches over tensors.
export { DataLoader } from './data-loader.js';
export type { DataLoaderOptions } from './data-loader.js';
export { seededRandom } from './permutation.js';
