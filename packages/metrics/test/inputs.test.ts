// How metrics read their inputs and how they fail: every error names the metric, the
// shapes or values involved and what was expected.
import { describe, expect, it } from 'vitest';
import * as M from '../src/index';
import { splitWords } from '../src/errorRate';

describe('inputs', () => {
  it('accepts typed arrays and booleans as plain inputs', async () => {
    expect(await M.accuracy(Int32Array.of(1, 0, 1), [true, false, false])).toBeCloseTo(2 / 3, 12);
    expect(await M.meanAbsoluteError(Float32Array.of(1, 2), Float64Array.of(2, 2))).toBe(0.5);
  });

  it('takes class scores with one more trailing dimension as argmax predictions', async () => {
    const scores = [[[0.1, 0.9], [0.8, 0.2]], [[0.3, 0.7], [0.6, 0.4]]];
    expect(await M.accuracy(scores, [[1, 0], [0, 0]])).toBe(0.75);
  });

  it('names the metric and the shapes when shapes do not fit', async () => {
    await expect(M.accuracy([0, 1, 2], [0, 1])).rejects.toThrow('accuracy: preds has shape [3] and target [2]; expected preds of shape [2] (labels) or [2,C] (class scores)');
    await expect(M.meanSquaredError([[1, 2]], [1, 2])).rejects.toThrow('meanSquaredError: preds has shape [1,2] and target [2]; expected both [N] or both [N, D]');
    await expect(M.perplexity([[1, 2]], [[0]])).rejects.toThrow('perplexity: logits has shape [1,2] and target [1,1]');
    await expect(M.cosineSimilarity([[1, 2]], [[1, 2, 3]])).rejects.toThrow('cosineSimilarity: x has shape [1,2] and y [1,3]; expected equal shapes');
    await expect(M.pairwiseEuclideanDistance([[1, 2]], [[1, 2, 3]])).rejects.toThrow('pairwiseEuclideanDistance: x has shape [1,2] and y [1,3]');
  });

  it('rejects ragged arrays, non-integer labels and non-finite scores', async () => {
    await expect(M.accuracy([[0, 1], [1]] as number[][], [[0, 1], [1, 0]])).rejects.toThrow('accuracy: preds is ragged: expected 2 elements at depth 1');
    await expect(M.accuracy([[0, 1], 1] as unknown as number[][], [[0, 1], [1, 0]])).rejects.toThrow('accuracy: preds is ragged');
    await expect(M.accuracy([0, [1, 1]] as unknown as number[], [0, 1])).rejects.toThrow('accuracy: preds is ragged: an array at depth 1');
    await expect(M.accuracy(['a', 'b'] as unknown as number[], [0, 1])).rejects.toThrow('accuracy: preds holds a string where a number was expected');
    await expect(M.accuracy([0.5, 1], [0, 1])).rejects.toThrow('accuracy: preds holds 0.5, which is not a class label');
    await expect(M.rocAuc([0.5, NaN], [0, 1])).rejects.toThrow('rocAuc: preds contains NaN; expected finite numbers');
    await expect(M.meanSquaredError([1, Infinity], [1, 2])).rejects.toThrow('meanSquaredError: preds contains Infinity');
  });

  it('rejects unknown options at construction', () => {
    expect(() => new M.Precision({ average: 'samples' as never })).toThrow('precision: average must be one of "binary", "micro", "macro", "weighted", got "samples"');
    expect(() => new M.FBetaScore({ beta: -1 })).toThrow('fbetaScore: beta must be >= 0, got -1');
    expect(() => new M.ConfusionMatrix({ normalize: 'rows' as never })).toThrow('confusionMatrix: normalize must be one of');
    expect(() => new M.R2Score({ multioutput: 'mean' as never })).toThrow('r2Score: multioutput must be one of');
    expect(() => new M.TopKAccuracy({ k: 0 })).toThrow('topKAccuracy: k must be a positive integer, got 0');
    expect(() => new M.Bleu({ smoothing: 'method8' as never })).toThrow('bleu: smoothing must be one of');
  });

  it('explains label problems', async () => {
    await expect(M.precision([0, 1, 2], [0, 1, 2])).rejects.toThrow("precision: target and preds hold 3 labels [0, 1, 2], so the task is multiclass, but average is 'binary'");
    await expect(M.topKAccuracy([[0.1, 0.9]], [2])).rejects.toThrow('topKAccuracy: target holds label 2, which names no score column (classes [0, 1])');
    await expect(M.perplexity([[1, 2]], [2])).rejects.toThrow('perplexity: target holds 2, outside the 2 classes [0, 2) of logits');
    await expect(M.logLoss([0.2, 0.7], [0, 3], { labels: [0, 1] })).rejects.toThrow('logLoss: target holds label 3, which is not in labels [0, 1]');
  });

  it('rejects a batch that changes the number of classes or outputs', async () => {
    const auc = new M.RocAuc();
    await auc.update([[0.5, 0.5]], [0]);
    await expect(auc.update([[0.2, 0.3, 0.5]], [1])).rejects.toThrow('rocAuc: earlier batches had 2 class scores per sample, this one has 3 class scores per sample');
    const mse = new M.MeanSquaredError();
    await mse.update([[1, 2]], [[1, 2]]);
    await expect(mse.update([1], [1])).rejects.toThrow('meanSquaredError: earlier batches had 2 outputs per sample, this one has 1');
  });

  it('checks text inputs', async () => {
    await expect(M.wordErrorRate(['a', 'b'], ['a'])).rejects.toThrow('wordErrorRate: got 2 predictions but 1 references');
    await expect(M.corpusBleu([['a']], [])).rejects.toThrow('bleu: got 1 hypotheses but 0 reference lists');
    await expect(M.corpusBleu([['a']], [[]])).rejects.toThrow('bleu: pair 0: expected a hypothesis token array and a non-empty list of reference token arrays');
  });

  it('splits words as Python str.split() does', () => {
    expect(splitWords(' a\u001cb\u0085c\u00a0d  ')).toEqual(['a', 'b', 'c', 'd']);
    expect(splitWords('a\ufeffb')).toEqual(['a\ufeffb']);
    expect(splitWords(' \t\n')).toEqual([]);
  });

  it('counts characters as code points', async () => {
    expect(await M.charErrorRate('\u{1F642}', '\u{1F600}')).toBe(1);
  });

  it('returns per-output scores with rawValues', async () => {
    const preds = [[1, 2], [3, 5]];
    const target = [[1, 1], [3, 3]];
    const raw: number[] = await M.meanAbsoluteError(preds, target, { multioutput: 'rawValues' });
    expect(raw).toEqual([0, 1.5]);
    const mean: number = await M.meanAbsoluteError(preds, target);
    expect(mean).toBe(0.75);
  });
});
