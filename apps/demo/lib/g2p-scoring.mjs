// What both g2p demos (the LSTM seq2seq and the Transformer) do after training, kept in one
// place so their numbers are comparable: beam search over the test words with the phoneme and
// word error rates (@tessera/metrics), the attention maps of a few words for the picture, and
// the score file each demo writes so the other can print it beside its own.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { reshape, tensor, tidy } from '@tessera/core';
import { noGrad } from '@tessera/autograd';
import { beamSearch } from '@tessera/layers';
import { editDistance, WordErrorRate } from '@tessera/metrics';
import { ProgressBar } from './progress.mjs';
import { BOS, EOS, makeBatch } from './cmudict-data.mjs';

/**
 * Decodes every test word with beam search and scores it. `encode(source [B, S], lengths)`
 * gives the initial decoding state of a batch (the caller's tensors, freed here after
 * decoding), `step` is the model's step function. Returns `{ per, wer, predictions }`:
 * the phoneme error rate (edit distance over phonemes, WordErrorRate on space-separated
 * phonemes), the word error rate (words with any wrong phoneme) and each word's phonemes.
 */
export async function scoreBeamSearch(test, vocab, { encode, step, beam, lengthPenalty = 0, evalBatch = 128 }) {
  const phonemeErrors = new WordErrorRate();
  let wrongWords = 0;
  const predictions = new Map();
  const bar = new ProgressBar(`beam search (beam ${beam})`, Math.ceil(test.length / evalBatch));
  for (let b = 0; b < test.length; b += evalBatch) {
    const pairs = test.slice(b, b + evalBatch);
    const { source, lengths, S, size } = makeBatch(pairs, vocab);
    const initialState = noGrad(() => tidy(() => encode(reshape(tensor(source, { dtype: 'int32' }), [size, S]), lengths)));
    const nBest = await beamSearch(step, {
      startToken: Array(size).fill(BOS), endToken: EOS, maxLength: S + 6, initialState, beamSize: beam, lengthPenalty,
    });
    Object.values(initialState).forEach((t) => t?.dispose?.()); // some entries may be null
    const predicted = nBest.map((list) => list[0].tokens.map((t) => vocab.phonemes[t]));
    await phonemeErrors.update(predicted.map((p) => p.join(' ')), pairs.map(([, p]) => p.join(' ')));
    pairs.forEach(([word, reference], i) => {
      if (editDistance(predicted[i], reference) > 0) wrongWords++;
      predictions.set(word, predicted[i]);
    });
    bar.update(b / evalBatch + 1, `PER ${(100 * phonemeErrors.compute()).toFixed(2)}%, WER ${(100 * wrongWords / Math.min(test.length, b + evalBatch)).toFixed(2)}%`);
  }
  const per = phonemeErrors.compute();
  const wer = wrongWords / test.length;
  bar.done(`PER ${(100 * per).toFixed(2)}%, WER ${(100 * wer).toFixed(2)}%`);
  for (const [word, reference] of test.slice(0, 8)) {
    console.log(`  ${word.padEnd(14)} ${predictions.get(word).join(' ').padEnd(28)} reference ${reference.join(' ')}`);
  }
  return { per, wer, predictions };
}

/**
 * The attention maps of up to four test words of 6 to 9 letters, for alignmentSvg:
 * `weights(source [1, S], inputs)` returns the `[T, S]` weights while the decoder reads
 * `inputs` (the start token, then the predicted phonemes).
 */
export async function attentionMaps(test, predictions, vocab, weights) {
  const shown = test.filter(([word]) => word.length >= 6 && word.length <= 9).slice(0, 4);
  const maps = [];
  for (const [word] of shown) {
    const phonemes = predictions.get(word);
    const w = noGrad(() => tidy(() => weights(
      tensor([[...word].map((c) => vocab.letterId.get(c))], { dtype: 'int32' }),
      [BOS, ...phonemes.map((p) => vocab.phonemeId.get(p))],
    )));
    maps.push({ letters: [...word], phonemes: [...phonemes, '</s>'], weights: await w.array() });
    w.dispose();
  }
  return maps;
}

/** Writes a demo's score (`{ per, wer, words, epochs, seconds, ... }`) as JSON to `path`. */
export function writeScore(path, score) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(score, null, 2)}\n`);
}

/** The score another run wrote to `path`, or null when there is none. */
export function readScore(path) {
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : null;
}
