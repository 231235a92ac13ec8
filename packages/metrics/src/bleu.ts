// BLEU (Papineni et al. 2002) exactly as NLTK 3.8's corpus_bleu and sentence_bleu compute
// it: clipped n-gram precisions summed over the corpus, the brevity penalty from the
// closest reference lengths, and the smoothing methods of Chen & Cherry (2014) under NLTK's
// names method0..method7, quirks included (see the NOTEs).
import { metricError } from './errors.js';
import type { Metric } from './metric.js';
import { checkChoice } from './options.js';

/** A token: a word (string) or a token id (number). Tokens are compared with ===. */
export type Token = string | number;

/** NLTK's SmoothingFunction methods (Chen & Cherry 2014). */
export type SmoothingMethod = 'method0' | 'method1' | 'method2' | 'method3' | 'method4' | 'method5' | 'method6' | 'method7';

/** Options of BLEU. */
export interface BleuOptions {
  /** Weight of the log precision of 1-grams, 2-grams, ...; default [0.25, 0.25, 0.25, 0.25] (BLEU-4). */
  weights?: readonly number[];
  /**
   * 'method0' (default): none (a zero precision contributes log of the smallest normal
   * double, so BLEU is ~0). 'method1': add `epsilon` to zero match counts. 'method2': add 1
   * to numerator and denominator for n > 1. 'method3': 1/2^k for the k-th zero count
   * (NIST). 'method4': like 3 but scaled by `k`/ln(hypothesis length). 'method5': average of
   * the n−1, n and n+1 precisions. 'method6': interpolate with a prior (needs a non-zero
   * trigram precision). 'method7': method4 then method5.
   */
  smoothing?: SmoothingMethod;
  /** method1's added count; default 0.1. */
  epsilon?: number;
  /** method6's prior weight; default 5. */
  alpha?: number;
  /** method4's scale; default 5. */
  k?: number;
  /** When the hypotheses hold fewer than 4 tokens in all and weights are the default, weight 1-grams to hypothesis-length-grams uniformly. */
  autoReweigh?: boolean;
}

const SMOOTHING: readonly SmoothingMethod[] = ['method0', 'method1', 'method2', 'method3', 'method4', 'method5', 'method6', 'method7'];
/** Python's sys.float_info.min, the smallest normal double, which method0 puts in place of a zero precision. */
const FLOAT_MIN = 2.2250738585072014e-308;

function ngramCounts(tokens: readonly Token[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const key = JSON.stringify(tokens.slice(i, i + n));
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** Clipped n-gram matches of a hypothesis against its references, and its n-gram count (at least 1). */
function modifiedPrecision(references: readonly (readonly Token[])[], hypothesis: readonly Token[], n: number): [number, number] {
  const counts = ngramCounts(hypothesis, n);
  const refCounts = references.map((r) => ngramCounts(r, n));
  let matches = 0;
  let total = 0;
  for (const [ngram, count] of counts) {
    matches += Math.min(count, Math.max(0, ...refCounts.map((r) => r.get(ngram) ?? 0)));
    total += count;
  }
  return [matches, Math.max(1, total)];
}

/** The reference length closest to the hypothesis length, the shorter on ties. */
function closestRefLength(references: readonly (readonly Token[])[], hypLength: number): number {
  let best = references[0].length;
  for (const r of references) {
    const d = Math.abs(r.length - hypLength);
    const bestD = Math.abs(best - hypLength);
    if (d < bestD || (d === bestD && r.length < best)) best = r.length;
  }
  return best;
}

/** exp(1 − r/c) when the hypotheses (c tokens) are shorter than the references (r), else 1; 0 for c = 0. */
function brevityPenalty(refLength: number, hypLength: number): number {
  if (hypLength > refLength) return 1;
  if (hypLength === 0) return 0;
  return Math.exp(1 - refLength / hypLength);
}

/** The corpus statistics BLEU needs, and the last sentence pair (which NLTK's smoothing reads). */
interface BleuStats {
  numerators: number[];
  denominators: number[];
  hypLength: number;
  refLength: number;
  last: { references: readonly (readonly Token[])[]; hypothesis: readonly Token[] };
}

/** Applies a smoothing method to the corpus precisions, as NLTK's SmoothingFunction. */
function smooth(stats: BleuStats, options: Required<Omit<BleuOptions, 'weights' | 'autoReweigh'>>): number[] {
  const { numerators: num, denominators: den, hypLength } = stats;
  const { references, hypothesis } = stats.last;
  const plain = num.map((n, i) => n / den[i]);
  const method4 = (): number[] => {
    let k = 1;
    return plain.map((p, i) => {
      if (num[i] !== 0 || hypLength <= 1) return p;
      const smoothed = 1 / ((2 ** k++ * options.k) / Math.log(hypLength)) / den[i];
      return smoothed;
    });
  };
  const method5 = (p: number[]): number[] => {
    // NOTE: NLTK appends the 5-gram precision of the last sentence pair, whatever the weights'
    // length, and averages each precision with the already-averaged one before it.
    const [m5, d5] = modifiedPrecision(references, hypothesis, 5);
    const next = [...p, m5 / d5];
    const out: number[] = [];
    let previous = p[0] + 1;
    for (let i = 0; i < p.length; i++) {
      out.push((previous + p[i] + next[i + 1]) / 3);
      previous = out[i];
    }
    return out;
  };
  switch (options.smoothing) {
    case 'method0':
      return plain.map((p, i) => (num[i] !== 0 ? p : FLOAT_MIN));
    case 'method1':
      return plain.map((p, i) => (num[i] === 0 ? (num[i] + options.epsilon) / den[i] : p));
    case 'method2':
      return plain.map((p, i) => (i === 0 ? p : (num[i] + 1) / (den[i] + 1)));
    case 'method3': {
      let k = 1;
      return plain.map((p, i) => (num[i] === 0 ? 1 / (2 ** k++ * den[i]) : p));
    }
    case 'method4':
      return method4();
    case 'method5':
      return method5(plain);
    case 'method6': {
      if (plain.length < 3 || plain[2] === 0) {
        throw metricError('bleu', 'smoothing method6 needs weights up to 3-grams and a non-zero 3-gram precision (NLTK asserts the same)');
      }
      // NOTE: NLTK takes the match count m from the corpus but the n-gram count l from the last hypothesis.
      const p = [...plain];
      for (let i = 2; i < p.length; i++) {
        const prior = p[i - 2] === 0 ? 0 : p[i - 1] ** 2 / p[i - 2];
        const l = Math.max(0, hypothesis.length - i);
        p[i] = (num[i] + options.alpha * prior) / (l + options.alpha);
      }
      return p;
    }
    case 'method7':
      return method5(method4());
  }
}

/** One tokenised hypothesis per sentence. */
export type Hypotheses = readonly (readonly Token[])[];
/** For each sentence, one or more tokenised references. */
export type References = readonly (readonly (readonly Token[])[])[];

/**
 * Streaming corpus BLEU: each `update(hypotheses, references)` adds sentence pairs, where
 * `references[i]` lists the reference token sequences of `hypotheses[i]`. Corpus BLEU is
 * BP · exp(Σ_n w_n log p_n), with p_n the n-gram matches clipped by the most frequent
 * reference occurrence, summed over sentences, divided by the hypothesis n-gram count, and
 * BP = min(1, exp(1 − r/c)) from the total closest-reference length r and hypothesis length
 * c. No unigram match gives 0; an empty corpus is an error, as in NLTK.
 * @example const bleu = new Bleu(); await bleu.update([['the', 'cat']], [[['the', 'cat']]]); bleu.compute();
 */
export class Bleu implements Metric<[Hypotheses, References], number> {
  private stats: BleuStats | null = null;
  private readonly weights: readonly number[];
  private readonly smoothingOptions: Required<Omit<BleuOptions, 'weights' | 'autoReweigh'>>;

  constructor(private readonly options: BleuOptions = {}) {
    this.weights = options.weights ?? [0.25, 0.25, 0.25, 0.25];
    if (this.weights.length === 0) throw metricError('bleu', 'weights must hold at least one weight');
    this.smoothingOptions = { smoothing: options.smoothing ?? 'method0', epsilon: options.epsilon ?? 0.1, alpha: options.alpha ?? 5, k: options.k ?? 5 };
    checkChoice(this.smoothingOptions.smoothing, SMOOTHING, 'bleu', 'smoothing');
  }

  /** Adds hypotheses (token arrays) and, for each, a list of reference token arrays. */
  async update(hypotheses: Hypotheses, references: References): Promise<void> {
    if (hypotheses.length !== references.length) {
      throw metricError('bleu', `got ${hypotheses.length} hypotheses but ${references.length} reference lists; expected one list of references per hypothesis`);
    }
    const order = this.weights.length;
    for (let s = 0; s < hypotheses.length; s++) {
      const hypothesis = hypotheses[s];
      const refs = references[s];
      if (!Array.isArray(hypothesis) || !Array.isArray(refs) || refs.length === 0 || !refs.every((r) => Array.isArray(r))) {
        throw metricError('bleu', `pair ${s}: expected a hypothesis token array and a non-empty list of reference token arrays`);
      }
      const stats = (this.stats ??= { numerators: new Array(order).fill(0), denominators: new Array(order).fill(0), hypLength: 0, refLength: 0, last: { references: refs, hypothesis } });
      for (let n = 1; n <= order; n++) {
        const [matches, count] = modifiedPrecision(refs, hypothesis, n);
        stats.numerators[n - 1] += matches;
        stats.denominators[n - 1] += count;
      }
      stats.hypLength += hypothesis.length;
      stats.refLength += closestRefLength(refs, hypothesis.length);
      stats.last = { references: refs, hypothesis };
    }
  }

  /** Corpus BLEU over every pair so far, in [0, 1]. */
  compute(): number {
    const stats = this.stats;
    // NOTE: NLTK fails on an empty corpus (a 0/0 precision) but scores 0 when nothing matches.
    if (stats === null) throw metricError('bleu', 'no sentence pairs; expected at least one');
    if (stats.numerators[0] === 0) return 0;
    const precisions = smooth(stats, this.smoothingOptions);
    let weights = this.weights;
    // NOTE: NLTK reweighs only when the weights equal its default tuple (0.25, 0.25, 0.25, 0.25).
    if (this.options.autoReweigh && stats.hypLength < 4 && weights.length === 4 && weights.every((w) => w === 0.25)) {
      weights = new Array<number>(stats.hypLength).fill(1 / stats.hypLength);
    }
    let logSum = 0;
    for (let i = 0; i < Math.min(weights.length, precisions.length); i++) {
      if (precisions[i] > 0) logSum += weights[i] * Math.log(precisions[i]);
    }
    return brevityPenalty(stats.refLength, stats.hypLength) * Math.exp(logSum);
  }

  /** Forgets every pair. */
  reset(): void {
    this.stats = null;
  }
}

/**
 * Corpus BLEU of tokenised hypotheses against their references (NLTK's corpus_bleu, with
 * hypotheses first as every metric here takes predictions first).
 * @example await corpusBleu([['a', 'cat', 'sat']], [[['a', 'cat', 'sat'], ['the', 'cat', 'sat']]], { weights: [0.5, 0.5] }); // 1
 */
export async function corpusBleu(hypotheses: Hypotheses, references: References, options: BleuOptions = {}): Promise<number> {
  const metric = new Bleu(options);
  await metric.update(hypotheses, references);
  return metric.compute();
}

/**
 * Sentence BLEU of one tokenised hypothesis against its references (NLTK's sentence_bleu):
 * corpus BLEU of a one-sentence corpus.
 * @example await sentenceBleu(['the', 'cat', 'sat'], [['the', 'cat', 'sat', 'down']], { smoothing: 'method1' });
 */
export function sentenceBleu(hypothesis: readonly Token[], references: readonly (readonly Token[])[], options: BleuOptions = {}): Promise<number> {
  return corpusBleu([hypothesis], [references], options);
}
