// Decoding over a step function: greedy, beam search and sampling, model-agnostic so that
// every model package (rnn, transformer) shares them without depending on each other.
export { greedyDecode } from './greedy.js';
export type { GreedyDecodeOptions } from './greedy.js';
export { beamSearch, lengthPenaltyFactor } from './beam-search.js';
export type { BeamSearchOptions } from './beam-search.js';
export { sample, samplingDistribution } from './sample.js';
export type { SampleOptions, SamplingOptions } from './sample.js';
export { selectStateRows } from './state.js';
export type { DecodedSequence, DecodeOptions, Hypothesis, SelectState, StepFunction, StepOutput } from './types.js';
