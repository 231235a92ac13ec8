// torch.nn for Tessera: the Module base class, layers, containers, activations and
// initialisers (as the `init` namespace, torch.nn.init). Re-exported from src/index.ts.
export { Module } from './module.js';
export type { LoadStateDictOptions, LoadStateDictResult, StateDict } from './module.js';
export { Linear, Bilinear } from './linear.js';
export type { LinearOptions } from './linear.js';
export { Conv1d, Conv2d, ConvTranspose2d } from './conv.js';
export type { Conv1dOptions, Conv2dOptions, ConvTranspose2dOptions, IntOrPair } from './conv.js';
export { MaxPool2d, AvgPool2d, AdaptiveAvgPool2d } from './pooling.js';
export type { MaxPool2dOptions, AvgPool2dOptions } from './pooling.js';
export { BatchNorm1d, BatchNorm2d } from './batchnorm.js';
export type { BatchNormOptions } from './batchnorm.js';
export { LayerNorm, GroupNorm } from './normalization.js';
export type { LayerNormOptions, GroupNormOptions } from './normalization.js';
export { Dropout } from './dropout.js';
export { Embedding } from './embedding.js';
export type { EmbeddingOptions } from './embedding.js';
export { Flatten, Identity } from './shape.js';
export { Sequential, ModuleList, ModuleDict } from './containers.js';
export { ReLU, GELU, Tanh, Sigmoid, SiLU, Softmax, LeakyReLU, ELU } from './activation.js';
export * as init from './init.js';
export type { Nonlinearity, FanMode, KaimingOptions } from './init.js';
