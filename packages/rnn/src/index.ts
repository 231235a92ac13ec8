// @tessera/rnn: recurrent networks on @tessera/core with PyTorch's names, keys and semantics.
export { RNN, LSTM, GRU } from './layers.js';
export type { RNNOptions, LSTMOptions } from './layers.js';
export { RecurrentLayer } from './recurrent-layer.js';
export type { RecurrentOptions, RecurrentInput } from './recurrent-layer.js';
export { RNNCell, LSTMCell, GRUCell } from './cells.js';
export type { CellOptions, RNNCellOptions } from './cells.js';
export { PeepholeLSTM, CoupledLSTM } from './variants.js';
export { packPaddedSequence, packSequence, padPackedSequence, isPackedSequence } from './packed.js';
export type { PackedSequence, PackPaddedSequenceOptions, PadPackedSequenceOptions } from './packed.js';
export { Encoder } from './encoder.js';
export type { EncoderOptions, Encoded, Seq2SeqCell } from './encoder.js';
export { AttentionDecoder } from './attention-decoder.js';
export type { AttentionDecoderOptions, DecoderState, DecoderStep, DecoderOutput, InitialStateOptions } from './attention-decoder.js';
