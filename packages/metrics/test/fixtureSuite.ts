// Runs the committed scikit-learn / NLTK / PyTorch fixtures against the package three ways:
// one-shot on plain arrays, one-shot on tensors on every backend under test, and streaming
// (the same data split into uneven batches) on plain arrays and on tensors.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tensor, type Tensor } from '@tessera/core';
import { decodeNumber, describeEachBackend } from '../../../tooling/parity';
import * as M from '../src/index';

/** One reference case, as generate.py writes it. */
export interface FixtureCase {
  name: string;
  metric: string;
  args: string[];
  options: Record<string, unknown>;
  stream: boolean;
  expected?: unknown;
  error?: boolean;
  referenceError?: string;
}

type Args = unknown[];
type Options = Record<string, unknown>;
// The table is typed loosely on purpose: fixtures are data, and each entry forwards them.
/* eslint-disable @typescript-eslint/no-explicit-any */
const oneShot: Record<string, (args: Args, options: Options) => Promise<unknown>> = {
  accuracy: (a) => M.accuracy(a[0] as any, a[1] as any),
  topKAccuracy: (a, o) => M.topKAccuracy(a[0] as any, a[1] as any, o),
  precision: (a, o) => M.precision(a[0] as any, a[1] as any, o),
  recall: (a, o) => M.recall(a[0] as any, a[1] as any, o),
  f1Score: (a, o) => M.f1Score(a[0] as any, a[1] as any, o),
  fbetaScore: (a, o) => M.fbetaScore(a[0] as any, a[1] as any, o as any),
  precisionRecallFscoreSupport: (a, o) => M.precisionRecallFscoreSupport(a[0] as any, a[1] as any, o),
  confusionMatrix: (a, o) => M.confusionMatrix(a[0] as any, a[1] as any, o),
  matthewsCorrcoef: (a) => M.matthewsCorrcoef(a[0] as any, a[1] as any),
  balancedAccuracy: (a, o) => M.balancedAccuracy(a[0] as any, a[1] as any, o),
  rocAuc: (a, o) => M.rocAuc(a[0] as any, a[1] as any, o),
  averagePrecision: (a, o) => M.averagePrecision(a[0] as any, a[1] as any, o),
  rocCurve: (a, o) => M.rocCurve(a[0] as any, a[1] as any, o),
  precisionRecallCurve: (a, o) => M.precisionRecallCurve(a[0] as any, a[1] as any, o),
  logLoss: (a, o) => M.logLoss(a[0] as any, a[1] as any, o),
  meanSquaredError: (a, o) => M.meanSquaredError(a[0] as any, a[1] as any, o as any),
  rootMeanSquaredError: (a, o) => M.rootMeanSquaredError(a[0] as any, a[1] as any, o as any),
  meanAbsoluteError: (a, o) => M.meanAbsoluteError(a[0] as any, a[1] as any, o as any),
  meanAbsolutePercentageError: (a, o) => M.meanAbsolutePercentageError(a[0] as any, a[1] as any, o as any),
  r2Score: (a, o) => M.r2Score(a[0] as any, a[1] as any, o as any),
  explainedVariance: (a, o) => M.explainedVariance(a[0] as any, a[1] as any, o as any),
  perplexity: (a, o) => (a.length === 1 ? M.perplexity(a[0] as any) : M.perplexity(a[0] as any, a[1] as any, o)),
  tokenAccuracy: (a, o) => M.tokenAccuracy(a[0] as any, a[1] as any, o),
  corpusBleu: (a, o) => M.corpusBleu(a[0] as any, a[1] as any, o),
  sentenceBleu: (a, o) => M.sentenceBleu(a[0] as any, a[1] as any, o),
  charErrorRate: (a) => M.charErrorRate(a[0] as any, a[1] as any),
  wordErrorRate: (a) => M.wordErrorRate(a[0] as any, a[1] as any),
  cosineSimilarity: (a) => M.cosineSimilarity(a[0] as any, a[1] as any),
  pairwiseCosineSimilarity: (a) => M.pairwiseCosineSimilarity(a[0] as any, a[1] as any),
  euclideanDistance: (a, o) => M.euclideanDistance(a[0] as any, a[1] as any, o),
  pairwiseEuclideanDistance: (a, o) => M.pairwiseEuclideanDistance(a[0] as any, a[1] as any, o),
};

const streaming: Record<string, (options: Options) => M.Metric<any[], unknown>> = {
  accuracy: () => new M.Accuracy(),
  topKAccuracy: (o) => new M.TopKAccuracy(o),
  precision: (o) => new M.Precision(o),
  recall: (o) => new M.Recall(o),
  f1Score: (o) => new M.F1Score(o),
  fbetaScore: (o) => new M.FBetaScore(o as any),
  confusionMatrix: (o) => new M.ConfusionMatrix(o),
  matthewsCorrcoef: () => new M.MatthewsCorrcoef(),
  balancedAccuracy: (o) => new M.BalancedAccuracy(o),
  rocAuc: (o) => new M.RocAuc(o),
  averagePrecision: (o) => new M.AveragePrecision(o),
  rocCurve: (o) => new M.RocCurve(o),
  precisionRecallCurve: (o) => new M.PrecisionRecallCurve(o),
  logLoss: (o) => new M.LogLoss(o),
  meanSquaredError: (o) => new M.MeanSquaredError(o),
  rootMeanSquaredError: (o) => new M.RootMeanSquaredError(o),
  meanAbsoluteError: (o) => new M.MeanAbsoluteError(o),
  meanAbsolutePercentageError: (o) => new M.MeanAbsolutePercentageError(o),
  r2Score: (o) => new M.R2Score(o),
  explainedVariance: (o) => new M.ExplainedVariance(o),
  perplexity: (o) => new M.Perplexity(o),
  tokenAccuracy: (o) => new M.TokenAccuracy(o),
  corpusBleu: (o) => new M.Bleu(o),
  charErrorRate: () => new M.CharErrorRate(),
  wordErrorRate: () => new M.WordErrorRate(),
};
/* eslint-enable @typescript-eslint/no-explicit-any */

/** Compares a result with a reference: numbers to 1e-6 (relative above 1), NaN only with NaN. */
export function expectMatch(actual: unknown, expected: unknown, path = 'result'): void {
  if (Array.isArray(expected)) {
    expect(Array.isArray(actual), `${path} should be an array`).toBe(true);
    const list = actual as unknown[];
    expect(list.length, `${path} length`).toBe(expected.length);
    expected.forEach((e, i) => expectMatch(list[i], e, `${path}[${i}]`));
  } else if (typeof expected === 'object' && expected !== null) {
    for (const [key, e] of Object.entries(expected)) expectMatch((actual as Record<string, unknown>)[key], e, `${path}.${key}`);
  } else {
    const want = decodeNumber(expected as number | string);
    expect(typeof actual, `${path} type`).toBe('number');
    const got = actual as number;
    if (Number.isNaN(want) || !Number.isFinite(want)) expect(got, path).toBe(want);
    else expect(Math.abs(got - want), `${path}: got ${got}, expected ${want}`).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(want)));
  }
}

function isNumeric(value: unknown): boolean {
  return typeof value === 'number' || (Array.isArray(value) && value.every(isNumeric));
}

/** Splits each argument along its first dimension into up to three uneven, non-empty batches (one empty batch for empty inputs). */
function batches(args: Args): Args[] {
  const n = (args[0] as unknown[]).length;
  if (n === 0) return [args];
  const cuts = [0, Math.ceil(n / 5), Math.ceil((3 * n) / 5), n].filter((c, i, all) => i === 0 || c > all[i - 1]);
  return cuts.slice(1).map((end, i) => args.map((a) => (a as unknown[]).slice(cuts[i], end)));
}

/** Runs a case against `run`, checking the expected value or the expected error. */
async function check(c: FixtureCase, run: () => Promise<unknown>): Promise<void> {
  if (c.error) {
    await expect(run()).rejects.toThrow(/^[a-zA-Z0-9]+: /);
  } else {
    expectMatch(await run(), c.expected);
  }
}

/** Streams `parts` through a fresh metric, then again after reset (which must forget everything). */
async function stream(c: FixtureCase, parts: Args[]): Promise<unknown> {
  const metric = streaming[c.metric](c.options);
  await metric.update(...parts[parts.length - 1]);
  metric.reset();
  for (const part of parts) await metric.update(...part);
  return metric.compute();
}

/** Defines the plain, tensor and streaming suites for one fixture file. */
export function fixtureSuite(file: string): void {
  const fixture = JSON.parse(readFileSync(new URL(`./fixtures/${file}`, import.meta.url), 'utf8')) as {
    versions: Record<string, string>;
    inputs: Record<string, unknown>;
    cases: FixtureCase[];
  };
  const argsOf = (c: FixtureCase): Args => c.args.map((key) => fixture.inputs[key]);
  const label = `${file} (scikit-learn ${fixture.versions.sklearn}, NLTK ${fixture.versions.nltk})`;

  describe(`${label}: plain arrays`, () => {
    for (const c of fixture.cases) it(c.name, () => check(c, () => oneShot[c.metric](argsOf(c), c.options)));
  });

  const streamed = fixture.cases.filter((c) => c.stream && c.metric in streaming);
  if (streamed.length > 0) {
    describe(`${label}: streaming over batches of plain arrays`, () => {
      for (const c of streamed) it(c.name, () => check(c, () => stream(c, batches(argsOf(c)))));
    });
  }

  // Token metrics take strings or token-id arrays, never tensors.
  const textMetrics = ['corpusBleu', 'sentenceBleu', 'charErrorRate', 'wordErrorRate'];
  const numeric = fixture.cases.filter((c) => !textMetrics.includes(c.metric) && argsOf(c).every(isNumeric));
  if (numeric.length === 0) return;
  describeEachBackend(`${label}: tensors`, () => {
    const withTensors = async (args: Args, run: (tensors: Tensor[]) => Promise<unknown>): Promise<unknown> => {
      const tensors = args.map((a) => tensor(a as number[]));
      try {
        return await run(tensors);
      } finally {
        for (const t of tensors) t.dispose();
      }
    };
    for (const c of numeric) {
      it(c.name, () => check(c, () => withTensors(argsOf(c), (t) => oneShot[c.metric](t, c.options))));
    }
    for (const c of numeric.filter((n) => streamed.includes(n))) {
      it(`${c.name} (streamed)`, () => check(c, async () => {
        const metric = streaming[c.metric](c.options);
        for (const part of batches(argsOf(c))) await withTensors(part, (t) => metric.update(...t));
        return metric.compute();
      }));
    }
  });
}
