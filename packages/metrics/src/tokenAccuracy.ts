// Token-level accuracy of a sequence model: the fraction of non-padding positions whose
// predicted token equals the target, the padding marked by an ignore index as in crossEntropy.
import type { MetricInput } from './input.js';
import { readLabels } from './labels.js';
import { computeOnce, type Metric } from './metric.js';

/** Options of token accuracy. */
export interface TokenAccuracyOptions {
  /** Target value whose positions are left out (padding); default -100, as crossEntropy's. */
  ignoreIndex?: number;
}

/**
 * Streaming token accuracy. `preds` are token ids of target's shape (for example `[B, T]`)
 * or logits with a trailing vocabulary dimension (`[B, T, V]`, argmax taken). With every
 * position ignored the result is NaN.
 * @example const acc = new TokenAccuracy({ ignoreIndex: 0 }); await acc.update(logits, tokens); acc.compute();
 */
export class TokenAccuracy implements Metric<[MetricInput, MetricInput], number> {
  private correct = 0;
  private total = 0;
  private readonly ignoreIndex: number;

  constructor(options: TokenAccuracyOptions = {}) {
    this.ignoreIndex = options.ignoreIndex ?? -100;
  }

  /** Adds a batch of predicted ids or logits and target ids. */
  async update(preds: MetricInput, target: MetricInput): Promise<void> {
    const pair = await readLabels(preds, target, 'tokenAccuracy');
    for (let i = 0; i < pair.target.length; i++) {
      if (pair.target[i] === this.ignoreIndex) continue;
      this.total++;
      if (pair.preds[i] === pair.target[i]) this.correct++;
    }
  }

  /** The fraction of correct non-ignored tokens over every batch so far. */
  compute(): number {
    return this.correct / this.total;
  }

  /** Forgets every batch. */
  reset(): void {
    this.correct = 0;
    this.total = 0;
  }
}

/**
 * Token accuracy of predicted ids (or the argmax of logits) against target ids, ignoring padding.
 * @example await tokenAccuracy([[5, 2, 0]], [[5, 3, 0]], { ignoreIndex: 0 }); // 0.5
 */
export function tokenAccuracy(preds: MetricInput, target: MetricInput, options: TokenAccuracyOptions = {}): Promise<number> {
  return computeOnce(new TokenAccuracy(options), preds, target);
}
