// @tessera/autograd: reverse-mode differentiation of @tessera/core programs. Loading it
// starts recording (see enable.ts and README.md's "Turning it on").
export { enableAutograd } from './enable.js';
export { backward } from './backward.js';
export type { BackwardOptions } from './pass.js';
export { grad, valueAndGrad } from './functional.js';
export type { Argnums, GradOf } from './functional.js';
export { noGrad, enableGrad, isGradEnabled } from './grad-mode.js';
export { detach } from './detach.js';
export { zeroGrad } from './zero-grad.js';
export { sparseEmbedding } from './sparse.js';
export type { ZeroGradOptions } from './zero-grad.js';
export { gradcheck } from './gradcheck.js';
export type { GradcheckOptions } from './gradcheck.js';
