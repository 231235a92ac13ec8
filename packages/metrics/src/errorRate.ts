// Character and word error rates without a tokenizer: the Levenshtein distance between
// prediction and reference (over Unicode code points, or over whitespace-separated words),
// divided by the reference length. Over a corpus, total edits over total reference length.
import { metricError } from './errors.js';
import type { Metric } from './metric.js';

/**
 * Levenshtein distance: the fewest insertions, deletions and substitutions turning `a` into
 * `b`, by dynamic programming over one row (O(|a|·|b|) time, O(|b|) memory).
 * @example editDistance([...'kitten'], [...'sitting']); // 3
 */
export function editDistance<T>(a: readonly T[], b: readonly T[]): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next.push(Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
    }
    row = next;
  }
  return row[b.length];
}

// Python's str.split() separators (str.isspace), which differ from JavaScript's \s.
const WHITESPACE = /[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;

/** Words as Python's `str.split()` gives them: split on runs of whitespace, no empty words. */
export function splitWords(text: string): string[] {
  return text.split(WHITESPACE).filter((w) => w.length > 0);
}

/** Characters as Unicode code points (as Python iterates a str), so an emoji is one character. */
function codePoints(text: string): string[] {
  return Array.from(text);
}

/** One text, or a batch of texts. */
export type Texts = string | readonly string[];

/** A streaming error rate over texts split by `split`. */
export class ErrorRate implements Metric<[Texts, Texts], number> {
  private edits = 0;
  private referenceLength = 0;

  protected constructor(
    private readonly metricName: string,
    private readonly split: (text: string) => string[],
  ) {}

  /** Adds a prediction and its reference, or equally long arrays of them. */
  async update(preds: Texts, target: Texts): Promise<void> {
    const p = typeof preds === 'string' ? [preds] : preds;
    const t = typeof target === 'string' ? [target] : target;
    if (p.length !== t.length) throw metricError(this.metricName, `got ${p.length} predictions but ${t.length} references; expected one reference per prediction`);
    for (let i = 0; i < p.length; i++) {
      if (typeof p[i] !== 'string' || typeof t[i] !== 'string') throw metricError(this.metricName, `pair ${i}: expected strings`);
      const reference = this.split(t[i]);
      this.edits += editDistance(this.split(p[i]), reference);
      this.referenceLength += reference.length;
    }
  }

  /** Total edits over total reference length, over every pair so far. */
  compute(): number {
    if (this.referenceLength === 0) {
      throw metricError(this.metricName, 'the references hold nothing to compare against (total length 0), so the rate is undefined');
    }
    return this.edits / this.referenceLength;
  }

  /** Forgets every pair. */
  reset(): void {
    this.edits = 0;
    this.referenceLength = 0;
  }
}

/**
 * Streaming character error rate: Σ edit distance over code points / Σ reference code points.
 * An empty reference is allowed (its prediction's length counts as edits) as long as the
 * total reference length is not 0; the rate can exceed 1.
 * @example const cer = new CharErrorRate(); await cer.update(['helo'], ['hello']); cer.compute(); // 0.2
 */
export class CharErrorRate extends ErrorRate {
  constructor() {
    super('charErrorRate', codePoints);
  }
}

/**
 * Streaming word error rate: Σ edit distance over words / Σ reference words, words split
 * on whitespace as Python's `str.split()`.
 * @example const wer = new WordErrorRate(); await wer.update(['the cat sat'], ['the cat sat down']); wer.compute(); // 0.25
 */
export class WordErrorRate extends ErrorRate {
  constructor() {
    super('wordErrorRate', splitWords);
  }
}

/**
 * Character error rate of predictions against references (one string or arrays of them).
 * @example await charErrorRate('kitten', 'sitting'); // 3 / 7
 */
export async function charErrorRate(preds: Texts, target: Texts): Promise<number> {
  const metric = new CharErrorRate();
  await metric.update(preds, target);
  return metric.compute();
}

/**
 * Word error rate of predictions against references (one string or arrays of them).
 * @example await wordErrorRate('the cat sat', 'the cat sat down'); // 0.25
 */
export async function wordErrorRate(preds: Texts, target: Texts): Promise<number> {
  const metric = new WordErrorRate();
  await metric.update(preds, target);
  return metric.compute();
}
