// Epoch-based learning-rate schedulers, as torch.optim.lr_scheduler. Each step() computes
// the new rates from the groups' current ones (PyTorch's "chainable" forms), so the
// sequences match PyTorch's to the last bit and schedulers compose.
import type { Optimizer } from './optimizer.js';

/** A scheduler's state dict: its options, lastEpoch, baseLrs and lastLr. */
export type SchedulerStateDict = Record<string, number | number[] | string>;

/**
 * The base of epoch schedulers: the constructor records each group's `initialLr` and takes
 * the first step (epoch 0); `step()` advances one epoch and writes the groups' `lr`.
 * @example
 * const sched = new StepLR(opt, { stepSize: 30 });
 * for (let epoch = 0; epoch < 90; epoch++) { train(); sched.step(); }
 */
export abstract class LRScheduler<O extends Record<string, number> = Record<string, number>> {
  /** The number of step() calls after the first (the current epoch). */
  lastEpoch = -1;
  /** Each group's learning rate when scheduling started. */
  baseLrs: number[];
  /** The rates the last step() set. */
  lastLr: number[] = [];

  protected constructor(
    /** The optimiser whose groups' `lr` this scheduler sets. */
    readonly optimizer: Optimizer,
    /** The scheduler's options, complete. */
    readonly options: O,
  ) {
    for (const group of optimizer.paramGroups) group.initialLr ??= group.lr;
    this.baseLrs = optimizer.paramGroups.map((g) => g.initialLr as number);
    this.step();
  }

  /** The groups' rates for epoch `lastEpoch`, from their current rates. */
  protected abstract getLr(): number[];

  /**
   * Advances one epoch and sets every group's learning rate. Call it after `optimizer.step()`.
   * @example opt.step(); sched.step();
   */
  step(): void {
    this.lastEpoch++;
    const lrs = this.getLr();
    this.optimizer.paramGroups.forEach((g, i) => (g.lr = lrs[i]));
    this.lastLr = lrs;
  }

  /**
   * The learning rates the last step set, one per group.
   * @example console.log(sched.getLastLr()[0]);
   */
  getLastLr(): number[] {
    return [...this.lastLr];
  }

  /**
   * The scheduler's state (options, lastEpoch, baseLrs, lastLr), to resume with loadStateDict.
   * @example const saved = sched.stateDict();
   */
  stateDict(): SchedulerStateDict {
    return { ...this.options, lastEpoch: this.lastEpoch, baseLrs: [...this.baseLrs], lastLr: [...this.lastLr] };
  }

  /**
   * Restores a state from stateDict() (the optimiser's rates come from its own loadStateDict).
   * @example sched.loadStateDict(saved);
   */
  loadStateDict(sd: SchedulerStateDict): void {
    const { lastEpoch, baseLrs, lastLr, ...options } = sd;
    Object.assign(this.options, options);
    this.lastEpoch = lastEpoch as number;
    this.baseLrs = [...(baseLrs as number[])];
    this.lastLr = [...(lastLr as number[])];
  }

  /** The groups' current rates. */
  protected currentLrs(): number[] {
    return this.optimizer.paramGroups.map((g) => g.lr);
  }
}

function positive(op: string, what: string, value: number, integer = false): void {
  if (!(value > 0) || (integer && !Number.isInteger(value))) {
    throw new Error(`${op}: ${what} must be a positive ${integer ? 'integer' : 'number'}, got ${value}`);
  }
}

/** Options of StepLR. */
export interface StepLROptions {
  /** Epochs between decays. */
  stepSize: number;
  /** Multiplies the rate every stepSize epochs. Default 0.1. */
  gamma?: number;
}

/**
 * torch.optim.lr_scheduler.StepLR: multiplies the rates by gamma every stepSize epochs.
 * @example const sched = new StepLR(opt, { stepSize: 30, gamma: 0.1 });
 */
export class StepLR extends LRScheduler<Required<StepLROptions>> {
  constructor(optimizer: Optimizer, options: StepLROptions) {
    positive('StepLR', 'stepSize', options.stepSize, true);
    super(optimizer, { stepSize: options.stepSize, gamma: options.gamma ?? 0.1 });
  }

  protected getLr(): number[] {
    const { stepSize, gamma } = this.options;
    const decay = this.lastEpoch !== 0 && this.lastEpoch % stepSize === 0;
    return this.currentLrs().map((lr) => (decay ? lr * gamma : lr));
  }
}

/** Options of ExponentialLR. */
export interface ExponentialLROptions {
  /** Multiplies the rate every epoch. */
  gamma: number;
}

/**
 * torch.optim.lr_scheduler.ExponentialLR: multiplies the rates by gamma every epoch.
 * @example const sched = new ExponentialLR(opt, { gamma: 0.95 });
 */
export class ExponentialLR extends LRScheduler<Required<ExponentialLROptions>> {
  constructor(optimizer: Optimizer, options: ExponentialLROptions) {
    super(optimizer, { gamma: options.gamma });
  }

  protected getLr(): number[] {
    return this.currentLrs().map((lr) => (this.lastEpoch === 0 ? lr : lr * this.options.gamma));
  }
}

/** Options of CosineAnnealingLR. */
export interface CosineAnnealingLROptions {
  /** Epochs of half a cosine period (PyTorch's T_max). */
  tMax: number;
  /** The minimum rate. Default 0. */
  etaMin?: number;
}

/**
 * torch.optim.lr_scheduler.CosineAnnealingLR: anneals from the base rate to etaMin along a
 * cosine over tMax epochs, and back up over the next tMax (SGDR without restarts).
 * @example const sched = new CosineAnnealingLR(opt, { tMax: 100, etaMin: 1e-5 });
 */
export class CosineAnnealingLR extends LRScheduler<Required<CosineAnnealingLROptions>> {
  constructor(optimizer: Optimizer, options: CosineAnnealingLROptions) {
    positive('CosineAnnealingLR', 'tMax', options.tMax, true);
    super(optimizer, { tMax: options.tMax, etaMin: options.etaMin ?? 0 });
  }

  protected getLr(): number[] {
    const { tMax, etaMin } = this.options;
    const t = this.lastEpoch;
    if (t === 0) return this.currentLrs();
    if ((t - 1 - tMax) % (2 * tMax) === 0) {
      // The trough of the cosine: the recursive form below would divide by zero.
      return this.currentLrs().map((lr, i) => lr + ((this.baseLrs[i] - etaMin) * (1 - Math.cos(Math.PI / tMax))) / 2);
    }
    const ratio = (1 + Math.cos((Math.PI * t) / tMax)) / (1 + Math.cos((Math.PI * (t - 1)) / tMax));
    return this.currentLrs().map((lr) => ratio * (lr - etaMin) + etaMin);
  }
}

/** Options of LinearLR. */
export interface LinearLROptions {
  /** The factor of the base rate at epoch 0. Default 1/3. */
  startFactor?: number;
  /** The factor reached at totalIters. Default 1. */
  endFactor?: number;
  /** Epochs of the ramp. Default 5. */
  totalIters?: number;
}

/**
 * torch.optim.lr_scheduler.LinearLR: scales the rates linearly from startFactor to
 * endFactor over totalIters epochs: a linear warm-up.
 * @example const warmup = new LinearLR(opt, { startFactor: 0.01, totalIters: 500 });
 */
export class LinearLR extends LRScheduler<Required<LinearLROptions>> {
  constructor(optimizer: Optimizer, options: LinearLROptions = {}) {
    const { startFactor = 1 / 3, endFactor = 1, totalIters = 5 } = options;
    if (!(startFactor > 0 && startFactor <= 1)) throw new Error(`LinearLR: startFactor must be in (0, 1], got ${startFactor}`);
    if (!(endFactor >= 0 && endFactor <= 1)) throw new Error(`LinearLR: endFactor must be in [0, 1], got ${endFactor}`);
    positive('LinearLR', 'totalIters', totalIters, true);
    super(optimizer, { startFactor, endFactor, totalIters });
  }

  protected getLr(): number[] {
    const { startFactor, endFactor, totalIters } = this.options;
    const t = this.lastEpoch;
    if (t === 0) return this.currentLrs().map((lr) => lr * startFactor);
    if (t > totalIters) return this.currentLrs();
    const factor = 1 + (endFactor - startFactor) / (totalIters * startFactor + (t - 1) * (endFactor - startFactor));
    return this.currentLrs().map((lr) => lr * factor);
  }
}

/** Options of NoamLR. */
export interface NoamLROptions {
  /** The model width d: the rate scales as d^-0.5. */
  dModel: number;
  /** Steps of the linear warm-up, after which the rate decays as step^-0.5. */
  warmupSteps: number;
  /** Multiplies the schedule. Default 1. */
  factor?: number;
}

/**
 * The warm-up schedule of "Attention Is All You Need" (Vaswani et al. 2017, §5.3):
 * `lr = baseLr · factor · dModel^-0.5 · min(step^-0.5, step · warmupSteps^-1.5)`, rising
 * linearly for warmupSteps steps, then decaying as 1/√step. `step` counts optimiser steps
 * from 1 (the rate set at construction is the first step's); call `step()` after each
 * `optimizer.step()`. In PyTorch it is written as a LambdaLR of that formula at epoch + 1.
 * With a base rate of 1 the formula is the paper's; Adam with betas (0.9, 0.98), eps 1e-9 as there.
 * @example
 * const opt = new Adam(model.parameters(), { lr: 1, betas: [0.9, 0.98], eps: 1e-9 });
 * const sched = new NoamLR(opt, { dModel: 512, warmupSteps: 4000 });
 */
export class NoamLR extends LRScheduler<Required<NoamLROptions>> {
  constructor(optimizer: Optimizer, options: NoamLROptions) {
    positive('NoamLR', 'dModel', options.dModel, true);
    positive('NoamLR', 'warmupSteps', options.warmupSteps, true);
    positive('NoamLR', 'factor', options.factor ?? 1);
    super(optimizer, { dModel: options.dModel, warmupSteps: options.warmupSteps, factor: options.factor ?? 1 });
  }

  protected getLr(): number[] {
    const { dModel, warmupSteps, factor } = this.options;
    const step = this.lastEpoch + 1;
    const scale = factor * dModel ** -0.5 * Math.min(step ** -0.5, step * warmupSteps ** -1.5);
    return this.baseLrs.map((lr) => lr * scale);
  }
}
