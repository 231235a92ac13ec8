// torch.optim for Tessera: optimisers, learning-rate schedulers and gradient clipping.
export { Optimizer } from './optimizer.js';
export type { OptimizerOptions, OptimizerStateDict, ParamGroup, ParamGroupInput, ParamState, Params } from './optimizer.js';
export { SGD } from './sgd.js';
export type { SgdOptions, SgdState } from './sgd.js';
export { Adam, AdamW } from './adam.js';
export type { AdamOptions, AdamState } from './adam.js';
export { SparseAdam } from './sparse-adam.js';
export type { SparseAdamOptions, SparseAdamState } from './sparse-adam.js';
export { RMSprop } from './rmsprop.js';
export type { RmspropOptions, RmspropState } from './rmsprop.js';
export { Adagrad } from './adagrad.js';
export type { AdagradOptions, AdagradState } from './adagrad.js';
export { LRScheduler, StepLR, ExponentialLR, CosineAnnealingLR, LinearLR, NoamLR } from './lr-scheduler.js';
export type { SchedulerStateDict, StepLROptions, ExponentialLROptions, CosineAnnealingLROptions, LinearLROptions, NoamLROptions } from './lr-scheduler.js';
export { ReduceLROnPlateau } from './reduce-lr-on-plateau.js';
export type { ReduceLROnPlateauOptions } from './reduce-lr-on-plateau.js';
export { clipGradNorm, clipGradValue } from './clip-grad.js';
