// Reduce the learning rate when a metric stops improving, as
// torch.optim.lr_scheduler.ReduceLROnPlateau.
import type { Optimizer } from './optimizer.js';
import type { SchedulerStateDict } from './lr-scheduler.js';

/** Options of ReduceLROnPlateau (PyTorch's, in camelCase). */
export interface ReduceLROnPlateauOptions {
  /** 'min': the metric should fall (a loss); 'max': rise (an accuracy). Default 'min'. */
  mode?: 'min' | 'max';
  /** Multiplies the rate on a plateau. Default 0.1. */
  factor?: number;
  /** Epochs without improvement tolerated before reducing. Default 10. */
  patience?: number;
  /** The least change that counts as an improvement. Default 1e-4. */
  threshold?: number;
  /** 'rel': relative to the best value; 'abs': absolute. Default 'rel'. */
  thresholdMode?: 'rel' | 'abs';
  /** Epochs to wait after a reduction before counting again. Default 0. */
  cooldown?: number;
  /** The lowest rate, one for all groups or one per group. Default 0. */
  minLr?: number | number[];
  /** Reductions smaller than this are skipped. Default 1e-8. */
  eps?: number;
}

/**
 * torch.optim.lr_scheduler.ReduceLROnPlateau: `step(metric)` once per epoch; after more
 * than `patience` epochs without improvement, multiplies the rates by `factor`.
 * @example
 * const sched = new ReduceLROnPlateau(opt, { patience: 3 });
 * sched.step(validationLoss);
 */
export class ReduceLROnPlateau {
  readonly mode: 'min' | 'max';
  readonly factor: number;
  readonly patience: number;
  readonly threshold: number;
  readonly thresholdMode: 'rel' | 'abs';
  readonly cooldown: number;
  readonly minLrs: number[];
  readonly eps: number;
  /** The best metric so far. */
  best: number;
  /** Consecutive epochs without improvement. */
  numBadEpochs = 0;
  /** Epochs of cooldown left. */
  cooldownCounter = 0;
  /** The number of step() calls. */
  lastEpoch = 0;
  private lastLr: number[];

  constructor(
    /** The optimiser whose groups' `lr` this scheduler sets. */
    readonly optimizer: Optimizer,
    options: ReduceLROnPlateauOptions = {},
  ) {
    const { mode = 'min', factor = 0.1, patience = 10, threshold = 1e-4, thresholdMode = 'rel', cooldown = 0, minLr = 0, eps = 1e-8 } = options;
    const groups = optimizer.paramGroups.length;
    if (mode !== 'min' && mode !== 'max') throw new Error(`ReduceLROnPlateau: mode must be 'min' or 'max', got '${String(mode)}'`);
    if (thresholdMode !== 'rel' && thresholdMode !== 'abs') throw new Error(`ReduceLROnPlateau: thresholdMode must be 'rel' or 'abs', got '${String(thresholdMode)}'`);
    if (!(factor < 1 && factor >= 0)) throw new Error(`ReduceLROnPlateau: factor must be below 1, got ${factor}`);
    if (Array.isArray(minLr) && minLr.length !== groups) throw new Error(`ReduceLROnPlateau: expected ${groups} minLr values (one per group), got ${minLr.length}`);
    this.mode = mode;
    this.factor = factor;
    this.patience = patience;
    this.threshold = threshold;
    this.thresholdMode = thresholdMode;
    this.cooldown = cooldown;
    this.minLrs = Array.isArray(minLr) ? [...minLr] : new Array<number>(groups).fill(minLr);
    this.eps = eps;
    this.best = mode === 'min' ? Infinity : -Infinity;
    this.lastLr = optimizer.paramGroups.map((g) => g.lr);
  }

  /**
   * Records this epoch's metric and reduces the rates after a plateau.
   * @example sched.step(await valLoss.item());
   */
  step(metric: number): void {
    if (typeof metric !== 'number') throw new Error(`ReduceLROnPlateau.step: expected a number (read a tensor with await t.item()), got ${typeof metric}`);
    this.lastEpoch++;
    if (this.isBetter(metric)) {
      this.best = metric;
      this.numBadEpochs = 0;
    } else {
      this.numBadEpochs++;
    }
    if (this.cooldownCounter > 0) {
      this.cooldownCounter--;
      this.numBadEpochs = 0;
    }
    if (this.numBadEpochs > this.patience) {
      this.optimizer.paramGroups.forEach((g, i) => {
        const lr = Math.max(g.lr * this.factor, this.minLrs[i]);
        if (g.lr - lr > this.eps) g.lr = lr;
      });
      this.cooldownCounter = this.cooldown;
      this.numBadEpochs = 0;
    }
    this.lastLr = this.optimizer.paramGroups.map((g) => g.lr);
  }

  private isBetter(metric: number): boolean {
    const { best, threshold } = this;
    if (this.mode === 'min') return metric < (this.thresholdMode === 'rel' ? best * (1 - threshold) : best - threshold);
    return metric > (this.thresholdMode === 'rel' ? best * (1 + threshold) : best + threshold);
  }

  /**
   * The groups' learning rates after the last step.
   * @example sched.getLastLr();
   */
  getLastLr(): number[] {
    return [...this.lastLr];
  }

  /**
   * The scheduler's counters (best, numBadEpochs, cooldownCounter, lastEpoch, lastLr), to resume with loadStateDict.
   * @example const saved = sched.stateDict();
   */
  stateDict(): SchedulerStateDict {
    const { mode, factor, patience, threshold, thresholdMode, cooldown, eps, best, numBadEpochs, cooldownCounter, lastEpoch } = this;
    return { mode, factor, patience, threshold, thresholdMode, cooldown, minLrs: [...this.minLrs], eps, best, numBadEpochs, cooldownCounter, lastEpoch, lastLr: [...this.lastLr] };
  }

  /**
   * Restores the counters from stateDict() (the options are the constructor's).
   * @example sched.loadStateDict(saved);
   */
  loadStateDict(sd: SchedulerStateDict): void {
    this.best = sd.best as number;
    this.numBadEpochs = sd.numBadEpochs as number;
    this.cooldownCounter = sd.cooldownCounter as number;
    this.lastEpoch = sd.lastEpoch as number;
    this.lastLr = [...(sd.lastLr as number[])];
  }
}
