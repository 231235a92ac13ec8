// @tessera/metrics: evaluation metrics over Tensors on any backend or plain arrays, as
// one-shot async functions and as streaming objects (update / compute / reset). Every
// metric takes predictions first and targets second. Nothing runs on import.
export type { ArrayInput, MetricInput } from './input.js';
export type { Metric } from './metric.js';

export { Accuracy, accuracy } from './accuracy.js';
export { TopKAccuracy, topKAccuracy } from './topKAccuracy.js';
export type { TopKAccuracyOptions } from './topKAccuracy.js';
export {
  Precision, Recall, FBetaScore, F1Score,
  precision, recall, fbetaScore, f1Score, precisionRecallFscoreSupport,
} from './precisionRecall.js';
export type { Average, PrecisionRecallOptions, FBetaOptions, PerLabelScores } from './precisionRecall.js';
export { ConfusionMatrix, confusionMatrix } from './confusionMatrix.js';
export type { ConfusionMatrixOptions, ConfusionMatrixResult } from './confusionMatrix.js';
export { MatthewsCorrcoef, matthewsCorrcoef } from './matthewsCorrcoef.js';
export { BalancedAccuracy, balancedAccuracy } from './balancedAccuracy.js';
export type { BalancedAccuracyOptions } from './balancedAccuracy.js';
export { RocAuc, rocAuc } from './rocAuc.js';
export type { RocAucOptions } from './rocAuc.js';
export { AveragePrecision, averagePrecision } from './averagePrecision.js';
export type { AveragePrecisionOptions } from './averagePrecision.js';
export type { OneVsRestAverage } from './scoreStore.js';
export { RocCurve, PrecisionRecallCurve, rocCurve, precisionRecallCurve } from './curves.js';
export type { CurveOptions, RocCurveOptions } from './curves.js';
export type { RocCurveResult, PrecisionRecallCurveResult } from './binaryCurve.js';
export { LogLoss, logLoss } from './logLoss.js';
export type { LogLossOptions } from './logLoss.js';

export {
  MeanSquaredError, RootMeanSquaredError, MeanAbsoluteError, MeanAbsolutePercentageError,
  meanSquaredError, rootMeanSquaredError, meanAbsoluteError, meanAbsolutePercentageError,
} from './errorMeans.js';
export { R2Score, ExplainedVariance, r2Score, explainedVariance } from './r2Score.js';
export type { VarianceMultioutput, VarianceScoreOptions } from './r2Score.js';
export type { Multioutput, RegressionOptions, RegressionResult } from './regression.js';

export { Perplexity, perplexity } from './perplexity.js';
export type { PerplexityOptions } from './perplexity.js';
export { TokenAccuracy, tokenAccuracy } from './tokenAccuracy.js';
export type { TokenAccuracyOptions } from './tokenAccuracy.js';
export { Bleu, corpusBleu, sentenceBleu } from './bleu.js';
export type { BleuOptions, SmoothingMethod, Token, Hypotheses, References } from './bleu.js';
export { CharErrorRate, WordErrorRate, charErrorRate, wordErrorRate, editDistance } from './errorRate.js';
export type { Texts } from './errorRate.js';

export { cosineSimilarity, pairwiseCosineSimilarity, euclideanDistance, pairwiseEuclideanDistance } from './similarity.js';
export type { EuclideanOptions } from './similarity.js';
