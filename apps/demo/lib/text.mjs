// Text to word ids for the word-embedding demos: a documented regex tokeniser, a vocabulary
// with a minimum count, and the word2vec sampling tables (subsampling of frequent words and
// the unigram^0.75 noise distribution of Mikolov et al. 2013).

/**
 * Words are runs of ASCII letters, lower-cased, with inner apostrophes kept ("whale's",
 * "don't") and curly apostrophes read as straight ones; digits, punctuation, dashes and
 * underscores separate words: the matches of [a-z]+(?:'[a-z]+)* in the lower-cased text.
 * @example tokenise("The Whale's jaw—ay, ’tis 1851!") // ['the', "whale's", 'jaw', 'ay', 'tis']
 */
export function tokenise(text) {
  return text.toLowerCase().replace(/[\u2018\u2019]/g, "'").match(/[a-z]+(?:'[a-z]+)*/g) ?? [];
}

/**
 * The vocabulary of `documents` (arrays of tokens): words seen at least `minCount` times,
 * most frequent first (ties alphabetical), with their counts.
 * @example const vocab = buildVocabulary([tokenise(text)], { minCount: 5 }); vocab.id.get('whale')
 */
export function buildVocabulary(documents, { minCount = 5 } = {}) {
  const counts = new Map();
  for (const doc of documents) for (const w of doc) counts.set(w, (counts.get(w) ?? 0) + 1);
  const words = [...counts].filter(([, c]) => c >= minCount).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return {
    words: words.map(([w]) => w),
    counts: Float64Array.from(words, ([, c]) => c),
    id: new Map(words.map(([w], i) => [w, i])),
  };
}

/** Each document as an Int32Array of vocabulary ids; words outside the vocabulary are dropped. */
export function encode(documents, vocab) {
  return documents.map((doc) => Int32Array.from(doc.filter((w) => vocab.id.has(w)), (w) => vocab.id.get(w)));
}

/**
 * The probability of keeping each word when subsampling frequent words: for a word of corpus
 * frequency f, word2vec's reference code keeps it with probability `(sqrt(f/t) + 1)·t/f`
 * (capped at 1), a smoothed form of the paper's `sqrt(t/f)` (discarding with 1 - sqrt(t/f)).
 */
export function keepProbabilities(counts, t = 1e-3) {
  const total = counts.reduce((a, b) => a + b, 0);
  return Float64Array.from(counts, (c) => Math.min(1, (Math.sqrt(c / total / t) + 1) * (t * total) / c));
}

/**
 * A sampler of noise words from the unigram distribution raised to `power` (0.75), by
 * binary search over the cumulative distribution; `random` is a seeded [0, 1) generator.
 * @example const noise = noiseSampler(vocab.counts, random); noise() // a word id
 */
export function noiseSampler(counts, random, power = 0.75) {
  const cumulative = new Float64Array(counts.length);
  let sum = 0;
  counts.forEach((c, i) => (cumulative[i] = sum += c ** power));
  return () => {
    const r = random() * sum;
    let lo = 0;
    let hi = counts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] > r) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
}

/**
 * Skip-gram (centre, context) pairs of one pass over `documents` (id arrays): frequent words
 * subsampled with `keep`, each centre paired with the words up to a window drawn uniformly
 * from 1..`window` on each side (word2vec's dynamic window), all pairs shuffled.
 * Returns `{ centres, contexts, words }` (`words`: tokens kept after subsampling).
 */
export function skipGramPairs(documents, keep, { window = 5, random }) {
  const centres = [];
  const contexts = [];
  let words = 0;
  for (const doc of documents) {
    const kept = doc.filter((w) => random() < keep[w]);
    words += kept.length;
    for (let i = 0; i < kept.length; i++) {
      const b = 1 + Math.floor(random() * window);
      for (let j = Math.max(0, i - b); j <= Math.min(kept.length - 1, i + b); j++) {
        if (j === i) continue;
        centres.push(kept[i]);
        contexts.push(kept[j]);
      }
    }
  }
  const order = Int32Array.from(centres, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return { centres: Int32Array.from(order, (i) => centres[i]), contexts: Int32Array.from(order, (i) => contexts[i]), words };
}
