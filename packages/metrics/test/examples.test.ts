// The values promised in the JSDoc examples and the README, checked so the docs stay true.
import { describe, expect, it } from 'vitest';
import * as M from '../src/index';

describe('documented examples', () => {
  it('classification', async () => {
    expect(await M.accuracy([0, 2, 1, 3], [0, 1, 2, 3])).toBe(0.5);
    expect((await M.confusionMatrix([0, 1, 1], [0, 1, 0])).matrix).toEqual([[1, 1], [0, 1]]);
    expect(await M.precision([0, 1, 1, 0], [0, 1, 0, 0])).toBe(0.5);
    expect(await M.recall([0, 1, 1, 0], [0, 1, 1, 1])).toBeCloseTo(2 / 3, 12);
    expect(await M.f1Score([0, 1, 1, 0], [0, 1, 0, 1])).toBe(0.5);
    expect(await M.matthewsCorrcoef([1, 1, 1, 0], [1, 0, 1, 1])).toBeCloseTo(-1 / 3, 12);
    expect(await M.balancedAccuracy([0, 1, 0, 0], [0, 1, 1, 1])).toBeCloseTo(2 / 3, 12);
    expect(await M.rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBe(0.75);
    expect(await M.averagePrecision([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBeCloseTo(0.8333333333333333, 12);
    expect(await M.topKAccuracy([[0.5, 0.2, 0.3], [0.1, 0.2, 0.7]], [2, 0], { k: 2 })).toBe(0.5);
    expect(await M.logLoss([[0.1, 0.9], [0.9, 0.1], [0.8, 0.2], [0.35, 0.65]], [1, 0, 0, 1])).toBeCloseTo(0.21616187468057912, 12);
  });

  it('regression', async () => {
    const preds = [2.5, 0.0, 2, 8];
    const target = [3, -0.5, 2, 7];
    expect(await M.meanSquaredError(preds, target)).toBe(0.375);
    expect(await M.rootMeanSquaredError(preds, target)).toBeCloseTo(0.6123724356957945, 12);
    expect(await M.meanAbsoluteError(preds, target)).toBe(0.5);
    expect(await M.meanAbsolutePercentageError(preds, target)).toBeCloseTo(0.3273809523809524, 12);
    expect(await M.r2Score(preds, target)).toBeCloseTo(0.9486081370449679, 12);
    expect(await M.explainedVariance(preds, target)).toBeCloseTo(0.9571734475374732, 12);
  });

  it('language and similarity', async () => {
    expect(await M.corpusBleu([['a', 'cat', 'sat']], [[['a', 'cat', 'sat'], ['the', 'cat', 'sat']]], { weights: [0.5, 0.5] })).toBe(1);
    expect(await M.sentenceBleu(['the', 'cat', 'sat'], [['the', 'cat', 'sat', 'down']], { smoothing: 'method1' })).toBeCloseTo(0.40293516672844226, 12);
    expect(await M.tokenAccuracy([[5, 2, 0]], [[5, 3, 0]], { ignoreIndex: 0 })).toBe(0.5);
    expect(await M.charErrorRate('kitten', 'sitting')).toBe(3 / 7);
    expect(await M.wordErrorRate('the cat sat', 'the cat sat down')).toBe(0.25);
    expect(M.editDistance([...'kitten'], [...'sitting'])).toBe(3);
    const cer = new M.CharErrorRate();
    await cer.update(['helo'], ['hello']);
    expect(cer.compute()).toBe(0.2);
    expect(await M.cosineSimilarity([[1, 0], [1, 1]], [[0, 1], [2, 2]])).toEqual([0, expect.closeTo(1, 12)]);
    expect(await M.pairwiseCosineSimilarity([[1, 0], [0, 1]])).toEqual([[1, 0], [0, 1]]);
    expect(await M.euclideanDistance([[0, 0], [1, 1]], [[3, 4], [1, 1]])).toEqual([5, 0]);
    expect(await M.pairwiseEuclideanDistance([[0, 0], [3, 4]])).toEqual([[0, 5], [5, 0]]);
    expect(await M.perplexity(Math.log(7))).toBeCloseTo(7, 12);
  });
});
