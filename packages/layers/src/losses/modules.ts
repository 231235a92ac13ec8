// The losses as torch.nn modules. Each holds its options; tensor options (class weights,
// pos_weight) are registered as buffers under PyTorch's names, so they appear in stateDict,
// move with `to(backend)` and are freed by `dispose()`.
import type { Tensor } from '@tessera/core';
import { Module } from '../nn/module.js';
import {
  binaryCrossEntropy, binaryCrossEntropyWithLogits, crossEntropy, klDiv, l1Loss, mseLoss, nllLoss, smoothL1Loss,
  type BceOptions, type BceWithLogitsOptions, type CrossEntropyOptions, type KlDivOptions, type NllLossOptions,
  type ReductionOptions, type SmoothL1LossOptions,
} from './functional.js';

type LossFunction<O> = (input: Tensor, target: Tensor, options: O) => Tensor;
/** The option names of `O` whose values are tensors (they become the loss module's buffers). */
export type TensorKeys<O> = { [K in keyof O]-?: NonNullable<O[K]> extends Tensor ? K : never }[keyof O];

/** A loss module over a loss function: `forward(input, target)` applies it with the module's options. */
abstract class FunctionLoss<O extends object> extends Module {
  readonly #fn: LossFunction<O>;
  readonly #buffers: [TensorKeys<O>, string][];
  /** The options without the tensors, which are the buffers. */
  readonly options: Readonly<Omit<O, TensorKeys<O>>>;

  constructor(fn: LossFunction<O>, options: O, buffers: [TensorKeys<O>, string][] = []) {
    super();
    this.#fn = fn;
    this.#buffers = buffers;
    const rest: Record<string, unknown> = { ...(options as Record<string, unknown>) };
    for (const [key, name] of buffers) {
      delete rest[key as string];
      this.registerBuffer(name, (options[key] as Tensor | null | undefined) ?? null);
    }
    this.options = rest as Omit<O, TensorKeys<O>>;
  }

  /** The loss of `input` against `target`. */
  forward(input: Tensor, target: Tensor): Tensor {
    const options: Record<string, unknown> = { ...this.options };
    for (const [key, name] of this.#buffers) options[key as string] = this.getOptionalBuffer(name);
    return this.#fn(input, target, options as O);
  }
}

/**
 * torch.nn.CrossEntropyLoss: `crossEntropy` as a module; `weight` becomes a buffer.
 * @example const loss = new CrossEntropyLoss({ labelSmoothing: 0.1 }).call(logits, labels);
 */
export class CrossEntropyLoss extends FunctionLoss<CrossEntropyOptions> {
  constructor(options: CrossEntropyOptions = {}) {
    super(crossEntropy, options, [['weight', 'weight']]);
  }
}

/**
 * torch.nn.NLLLoss: `nllLoss` as a module; `weight` becomes a buffer.
 * @example const loss = new NLLLoss({ ignoreIndex: 0 }).call(logSoftmax(logits, 1), labels);
 */
export class NLLLoss extends FunctionLoss<NllLossOptions> {
  constructor(options: NllLossOptions = {}) {
    super(nllLoss, options, [['weight', 'weight']]);
  }
}

/**
 * torch.nn.MSELoss: `mseLoss` as a module.
 * @example const loss = new MSELoss().call(prediction, target);
 */
export class MSELoss extends FunctionLoss<ReductionOptions> {
  constructor(options: ReductionOptions = {}) {
    super(mseLoss, options);
  }
}

/**
 * torch.nn.L1Loss: `l1Loss` as a module.
 * @example const loss = new L1Loss({ reduction: 'sum' }).call(prediction, target);
 */
export class L1Loss extends FunctionLoss<ReductionOptions> {
  constructor(options: ReductionOptions = {}) {
    super(l1Loss, options);
  }
}

/**
 * torch.nn.SmoothL1Loss: `smoothL1Loss` as a module.
 * @example const loss = new SmoothL1Loss({ beta: 0.5 }).call(prediction, target);
 */
export class SmoothL1Loss extends FunctionLoss<SmoothL1LossOptions> {
  constructor(options: SmoothL1LossOptions = {}) {
    super(smoothL1Loss, options);
  }
}

/**
 * torch.nn.BCELoss: `binaryCrossEntropy` as a module; `weight` becomes a buffer.
 * @example const loss = new BCELoss().call(sigmoid(logits), labels);
 */
export class BCELoss extends FunctionLoss<BceOptions> {
  constructor(options: BceOptions = {}) {
    super(binaryCrossEntropy, options, [['weight', 'weight']]);
  }
}

/**
 * torch.nn.BCEWithLogitsLoss: `binaryCrossEntropyWithLogits` as a module; `weight` and
 * `posWeight` become the buffers `weight` and `pos_weight`.
 * @example const loss = new BCEWithLogitsLoss({ posWeight: tensor([3]) }).call(logits, labels);
 */
export class BCEWithLogitsLoss extends FunctionLoss<BceWithLogitsOptions> {
  constructor(options: BceWithLogitsOptions = {}) {
    super(binaryCrossEntropyWithLogits, options, [['weight', 'weight'], ['posWeight', 'pos_weight']]);
  }
}

/**
 * torch.nn.KLDivLoss: `klDiv` as a module.
 * @example const loss = new KLDivLoss({ reduction: 'batchmean' }).call(logSoftmax(x, 1), targetProbs);
 */
export class KLDivLoss extends FunctionLoss<KlDivOptions> {
  constructor(options: KlDivOptions = {}) {
    super(klDiv, options);
  }
}
