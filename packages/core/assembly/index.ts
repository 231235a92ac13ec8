// The module's exports: one AssemblyScript kernel (or kernel part) per file. The host
// manages all memory; every function here works on byte offsets it is given.
export { unary } from './unary';
export { binary } from './binary';
export { where } from './where';
export { cast } from './cast';
export { reduce } from './reduce';
export { argReduce } from './arg-reduce';
export { cumsum } from './cumsum';
export { matmul, matmulInt, gemmScratchBytes } from './matmul';
export { stridedCopy, fill } from './strided-copy';
export { gather } from './gather';
export { indexSelect } from './index-select';
export { indexAdd } from './index-add';
export { firstOccurrence, firstOccurrenceScratchBytes } from './first-occurrence';
export { scatterReduce } from './scatter-reduce';
export { softmax } from './softmax';
export { sparseAggregate } from './sparse-aggregate';
export { sparseExtremeShare } from './sparse-extreme-share';
export { sparseExtremeGradInput } from './sparse-extreme-grad-input';
export { sparseExtremeGradWeight } from './sparse-extreme-grad-weight';
export { edgeDot } from './edge-dot';
export { segmentSoftmax } from './segment-softmax';
export { im2col, addBias } from './conv2d';
export { col2im } from './conv-transpose2d';
export { attention, attentionScratchBytes } from './attention';
export { attentionQueryGrad, attentionQueryGradScratchBytes } from './attention-query-grad';
export { attentionKeyValueGrad, attentionKeyValueGradScratchBytes } from './attention-key-value-grad';
export { transposeBatches, attentionRowStats } from './attention-tiles';
export { lstmGates } from './lstm-gates';
export { lstmGatesGrad } from './lstm-gates-grad';
export { gruGates } from './gru-gates';
export { gruGatesGrad } from './gru-gates-grad';

/** Where the module's static data ends: the host's allocator starts above it. */
export function heapBase(): usize {
  return __heap_base;
}
