// @tessera/gcnn: groups as data, lifting and group convolutions with their filter banks,
// equivariant pooling and normalisation, and the advection-diffusion PDE block.
export { cn, dn, p4, p4m, resolveGroup, transformPlanes, act } from './groups.js';
export type { Group, GroupLike } from './groups.js';
export { LiftingConv2d, GroupConv2d } from './group-conv.js';
export type { GroupConv2dOptions } from './group-conv.js';
export { groupPool, groupMaxPool2d, groupAvgPool2d } from './pooling.js';
export { GroupBatchNorm } from './group-batchnorm.js';
export { AdvectionDiffusionBlock } from './advection-diffusion.js';
export type { AdvectionDiffusionOptions } from './advection-diffusion.js';
