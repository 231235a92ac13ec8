// @tessera/core: tensors, ops and backends. Every public function is re-exported here;
// nothing runs on import.
export { Tensor } from './tensor.js';
export { SparseGradient, sparseGradient, isSparseGradient } from './sparse-gradient.js';
export type { TensorLike, NestedArray } from './tensor.js';
export type { DType, TypedArray } from './dtype.js';
export type { Backend, BackendName } from './backend.js';
export type {
  KernelName,
  KernelSignatures,
  KernelAttrs,
  KernelInputs,
  Kernel,
  KernelTable,
  TensorInfo,
  OutputInfo,
  RecordedName,
  RecordedSignatures,
  UnaryOp,
  BinaryOp,
  ArithmeticOp,
  CompareOp,
  ReduceOp,
  ArgReduceOp,
  ScatterReduceOp,
  AttentionAttrs,
  InputInfos,
  SparseReduceOp,
  InPlaceKernelSignatures,
  InPlaceKernelName,
  InPlaceKernel,
  InPlaceKernelTable,
} from './kernels.js';
export {
  setBackend,
  getBackend,
  ready,
  memory,
  resetPeakBytes,
  tidy,
  keep,
  alias,
  untracked,
  setKernelRecorder,
  runKernel,
} from './engine.js';
export type { MemoryInfo, KernelRecorder } from './engine.js';
export { setThreads } from './backends/wasm/index.js';
export { manualSeed } from './random.js';
export {
  tensor,
  zeros,
  ones,
  full,
  zerosLike,
  onesLike,
  fullLike,
  arange,
  linspace,
  eye,
  rand,
  randn,
  randint,
} from './creation.js';
export type { CreationOptions, TensorData } from './creation.js';
export { cast } from './ops/cast.js';
export { add, sub, mul, div, pow, maximum, minimum, eq, ne, lt, le, gt, ge } from './ops/binary.js';
export { where, maskedFill, clamp } from './ops/selection.js';
export {
  neg, abs, sign, exp, log, log1p, sqrt, rsqrt, square, reciprocal, sin, cos, tanh, sigmoid, relu,
  leakyRelu, elu, silu, softplus, floor, ceil, round, erf, gelu,
} from './ops/unary.js';
export type { GeluOptions } from './ops/unary.js';
export { sum, mean, prod, max, min, argmax, argmin, logsumexp, all, any, variance, variance as var, std, cumsum } from './ops/reduce.js';
export type { VarianceOptions } from './ops/reduce.js';
export { matmul } from './ops/matmul.js';
export { reshape, flatten, squeeze, unsqueeze, expand } from './ops/reshape.js';
export { transpose, permute, flip, roll, rot90 } from './ops/reorder.js';
export { cat, stack, split, chunk } from './ops/join.js';
export { slice, narrow, repeat, tril, triu } from './ops/slicing.js';
export { pad } from './ops/pad.js';
export { gather, indexSelect, scatterAdd, scatterReduce, oneHot } from './ops/indexing.js';
export { indexAdd_, firstOccurrence } from './ops/index-add.js';
export type { IndexAddOptions } from './ops/index-add.js';
export type { ScatterReduceOptions } from './ops/indexing.js';
export { softmax, logSoftmax } from './ops/softmax.js';
export { CsrGraph, edgeIndexToCsr, edgeIndexToCsrAsync, sparseAggregate, segmentSoftmax } from './ops/sparse.js';
export type { CsrOptions, SparseAggregateOptions } from './ops/sparse.js';
export { scaledDotProductAttention } from './ops/attention.js';
export type { ScaledDotProductAttentionOptions } from './ops/attention.js';
export { gruGates, lstmGates } from './ops/recurrent.js';
export { check, checkProbability, checkSize, fmt } from './errors.js';
export { conv1d, conv2d, convTranspose2d } from './ops/conv.js';
export type { ConvOptions, ConvTransposeOptions } from './ops/conv.js';
export type { IntOrPair } from './shape.js';
export { maxPool2d, avgPool2d, adaptiveAvgPool2d } from './ops/pool.js';
export type { Pool2dOptions, AvgPool2dOptions } from './ops/pool.js';
export { layerNorm, batchNorm } from './ops/norm.js';
export type { BatchNormOptions } from './ops/norm.js';
export { dropout } from './ops/dropout.js';
export { embedding } from './ops/embedding.js';
export { crossEntropy, nllLoss, mseLoss, l1Loss, bce, bceWithLogits } from './ops/loss.js';
export type { Reduction, NllLossOptions, CrossEntropyOptions, ReductionOptions, BceOptions, BceWithLogitsOptions } from './ops/loss.js';
