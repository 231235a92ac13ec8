// Perplexity of a language model: exp of the mean negative log-likelihood of the target
// tokens, from logits (log-softmax computed in float64 on the host) or from a mean NLL such
// as the value of a cross-entropy loss.
import type { Tensor } from '@tessera/core';
import { fmt, metricError } from './errors.js';
import { checkIntegers, readInput, sameShape, type MetricInput } from './input.js';
import type { Metric } from './metric.js';

/** Options of perplexity. */
export interface PerplexityOptions {
  /** Target value whose positions are left out (padding), as crossEntropy's; default -100. */
  ignoreIndex?: number;
}

/**
 * Streaming perplexity, exp((1/T) Σ_t −log softmax(logits_t)[target_t]) over the T
 * non-ignored targets of every batch. With every target ignored the result is NaN, as
 * PyTorch's mean cross-entropy over nothing.
 * @example const ppl = new Perplexity(); await ppl.update(logits, tokens); ppl.compute();
 */
export class Perplexity implements Metric<[MetricInput, MetricInput], number> {
  private nll = 0;
  private count = 0;
  private readonly ignoreIndex: number;

  constructor(options: PerplexityOptions = {}) {
    this.ignoreIndex = options.ignoreIndex ?? -100;
  }

  /** Adds logits `[..., C]` (for example `[B, T, C]`) and integer targets `[...]` (`[B, T]`). */
  async update(logits: MetricInput, target: MetricInput): Promise<void> {
    const l = await readInput(logits, 'perplexity', 'logits');
    const t = await readInput(target, 'perplexity', 'target');
    if (l.shape.length !== t.shape.length + 1 || !sameShape(l.shape.slice(0, -1), t.shape) || l.shape[l.shape.length - 1] === 0) {
      throw metricError('perplexity', `logits has shape ${fmt(l.shape)} and target ${fmt(t.shape)}; expected logits of shape [${[...t.shape, 'C'].join(',')}] with C > 0`);
    }
    checkIntegers(t.values, 'perplexity', 'target');
    const c = l.shape[l.shape.length - 1];
    for (let i = 0; i < t.values.length; i++) {
      const k = t.values[i];
      if (k === this.ignoreIndex) continue;
      if (k < 0 || k >= c) throw metricError('perplexity', `target holds ${k}, outside the ${c} classes [0, ${c}) of logits (and not ignoreIndex=${this.ignoreIndex})`);
      let max = -Infinity;
      for (let j = 0; j < c; j++) max = Math.max(max, l.values[i * c + j]);
      let sum = 0;
      for (let j = 0; j < c; j++) sum += Math.exp(l.values[i * c + j] - max);
      this.nll += max + Math.log(sum) - l.values[i * c + k];
      this.count++;
    }
  }

  /** The perplexity over every batch so far. */
  compute(): number {
    return Math.exp(this.nll / this.count);
  }

  /** Forgets every batch. */
  reset(): void {
    this.nll = 0;
    this.count = 0;
  }
}

/**
 * Perplexity exp(mean NLL): of logits `[..., C]` against integer targets, or of a mean
 * negative log-likelihood given as a number or a one-element tensor (such as a mean
 * cross-entropy loss).
 * @example await perplexity(logits, tokens, { ignoreIndex: 0 }); await perplexity(loss);
 */
export function perplexity(meanNll: number | Tensor): Promise<number>;
export function perplexity(logits: MetricInput, target: MetricInput, options?: PerplexityOptions): Promise<number>;
export async function perplexity(logits: MetricInput | number, target?: MetricInput, options: PerplexityOptions = {}): Promise<number> {
  if (target === undefined) {
    const nll = await readInput(logits, 'perplexity', 'meanNll');
    if (nll.values.length !== 1) throw metricError('perplexity', `meanNll has shape ${fmt(nll.shape)}; expected one number (or pass logits and target)`);
    return Math.exp(nll.values[0]);
  }
  const metric = new Perplexity(options);
  await metric.update(logits as MetricInput, target);
  return metric.compute();
}
