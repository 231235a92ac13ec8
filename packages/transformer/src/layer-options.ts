// What TransformerEncoderLayer and TransformerDecoderLayer share: their options and PyTorch's
// defaults, the activation, and the feed-forward block (linear1 → activation → dropout →
// linear2), registered on the layer itself so the keys are PyTorch's `linear1.weight`...
import { gelu, relu, type Tensor } from '@tessera/core';
import { Dropout, LayerNorm, Linear, type Module } from '@tessera/layers';
import { check, checkProbability, checkSize } from './args.js';

/** The feed-forward activation: PyTorch's two names, or any elementwise function. */
export type Activation = 'relu' | 'gelu' | ((x: Tensor) => Tensor);

/** Options of TransformerEncoderLayer and TransformerDecoderLayer (PyTorch's keyword arguments in camelCase). */
export interface TransformerLayerOptions {
  /** Hidden size of the feed-forward block. Default 2048. */
  dimFeedforward?: number;
  /** Dropout after attention, inside the feed-forward block and on the attention weights. Default 0.1. */
  dropout?: number;
  /** The feed-forward activation. Default 'relu' ('gelu' is the exact, erf form). */
  activation?: Activation;
  /** The layer norms' epsilon. Default 1e-5. */
  layerNormEps?: number;
  /** Sequences are `[N, L, E]` rather than `[L, N, E]`. Default false. */
  batchFirst?: boolean;
  /** Layer norm before each block (pre-norm) rather than after the residual sum. Default false. */
  normFirst?: boolean;
  /** Biases in the attention and feed-forward projections and the layer norms (PyTorch ≥ 2.1). Default true. */
  bias?: boolean;
}

/** The options with every default filled in. */
export type ResolvedLayerOptions = Required<TransformerLayerOptions>;

/** Checks the layer's sizes and options (dModel divisible by nhead...) and fills in PyTorch's defaults. */
export function resolveLayerOptions(where: string, dModel: number, nhead: number, options: TransformerLayerOptions): ResolvedLayerOptions {
  const { dimFeedforward = 2048, dropout = 0.1, activation = 'relu', layerNormEps = 1e-5, batchFirst = false, normFirst = false, bias = true } = options;
  checkSize(where, 'dModel', dModel);
  checkSize(where, 'nhead', nhead);
  check(dModel % nhead === 0, where, () => `dModel must be divisible by nhead, got dModel ${dModel} and nhead ${nhead}`);
  checkSize(where, 'dimFeedforward', dimFeedforward);
  checkProbability(where, 'dropout', dropout);
  check(activation === 'relu' || activation === 'gelu' || typeof activation === 'function', where, () =>
    `activation must be 'relu', 'gelu' or a function, got ${String(activation)}`);
  check(typeof layerNormEps === 'number' && layerNormEps > 0, where, () => `layerNormEps must be a positive number, got ${layerNormEps}`);
  return { dimFeedforward, dropout, activation, layerNormEps, batchFirst, normFirst, bias };
}

function activationFunction(activation: Activation): (x: Tensor) => Tensor {
  if (activation === 'relu') return relu;
  if (activation === 'gelu') return (x) => gelu(x);
  return activation;
}

/**
 * Registers `linear1`, `dropout` and `linear2` on `layer`; returns the block x → linear2(dropout(act(linear1(x)))).
 */
export function registerFeedForward(layer: Module, dModel: number, o: ResolvedLayerOptions): (x: Tensor) => Tensor {
  const linear1 = layer.registerModule('linear1', new Linear(dModel, o.dimFeedforward, { bias: o.bias }));
  const drop = layer.registerModule('dropout', new Dropout(o.dropout));
  const linear2 = layer.registerModule('linear2', new Linear(o.dimFeedforward, dModel, { bias: o.bias }));
  const act = activationFunction(o.activation);
  return (x) => linear2.forward(drop.forward(act(linear1.forward(x))));
}

/** Registers the layer norms `norm1`... `normCount` on `layer`. */
export function registerNorms(layer: Module, dModel: number, o: ResolvedLayerOptions, count: number): LayerNorm[] {
  return Array.from({ length: count }, (_, i) => layer.registerModule(`norm${i + 1}`, new LayerNorm(dModel, { eps: o.layerNormEps, bias: o.bias })));
}

/** Registers the residual dropouts `dropout1`... on `layer`. */
export function registerDropouts(layer: Module, o: ResolvedLayerOptions, count: number): Dropout[] {
  return Array.from({ length: count }, (_, i) => layer.registerModule(`dropout${i + 1}`, new Dropout(o.dropout)));
}

/**
 * One residual block: pre-norm `x + block(norm(x))` or post-norm `norm(x + block(x))`.
 */
export function residual(x: Tensor, norm: LayerNorm, normFirst: boolean, block: (h: Tensor) => Tensor): Tensor {
  return normFirst ? x.add(block(norm.forward(x))) : norm.forward(x.add(block(x)));
}
