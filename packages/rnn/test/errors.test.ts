// Bad input fails with an error naming the layer, the shapes and what was expected: wrong
// feature size, a state of the wrong shape, unsorted lengths with enforceSorted, lengths
// longer than the sequence, bad constructor options. Nothing leaks when it throws.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { memory, setBackend, tidy, zeros } from '@tessera/core';
import { AttentionDecoder, Encoder, GRU, GRUCell, LSTM, LSTMCell, PeepholeLSTM, RNN, packPaddedSequence, packSequence, padPackedSequence } from '../src/index';

describe('recurrent layers reject bad input clearly', () => {
  let before = 0;
  beforeEach(async () => {
    await setBackend('js');
    before = memory().numTensors;
  });
  afterEach(() => expect(memory().numTensors).toBe(before));

  function throwsWith(fn: () => unknown, pattern: RegExp): void {
    expect(() => tidy(() => void fn())).toThrow(pattern);
  }

  it('wrong feature size', () => {
    const lstm = new LSTM(4, 6);
    throwsWith(() => lstm.call(zeros([5, 3, 7])), /^LSTM: expected 4 input features \(inputSize\) in the last dimension, got input of shape \[5,3,7\]/);
    throwsWith(() => lstm.call(zeros([5, 3, 2, 4])), /^LSTM: input must be float32 \[T, B, 4\] or unbatched \[T, 4\], got float32 \[5,3,2,4\]/);
    throwsWith(() => lstm.call(packSequence([zeros([3, 5])])), /^LSTM: expected 4 input features .*PackedSequence's data must be float32 \[N, 4\], got float32 \[3,5\]/);
    const cell = new GRUCell(4, 6);
    throwsWith(() => cell.call(zeros([2, 5])), /^GRUCell: input must be float32 \[batch, 4\] or \[4\] \(inputSize 4\), got float32 \[2,5\]/);
    lstm.dispose();
    cell.dispose();
  });

  it('hx of the wrong shape', () => {
    const gru = new GRU(4, 6, { numLayers: 2, bidirectional: true });
    throwsWith(() => gru.call(zeros([5, 3, 4]), zeros([2, 3, 6])), /^GRU: hx must have shape \[4,3,6\] \(\[numLayers·numDirections, batch, hidden.*got \[2,3,6\]/);
    const lstm = new LSTM(4, 6, { projSize: 2 });
    throwsWith(() => lstm.call(zeros([5, 3, 4]), [zeros([1, 3, 6]), zeros([1, 3, 6])]), /^LSTM: h_0 must have shape \[1,3,2\]/);
    throwsWith(() => lstm.call(zeros([5, 3, 4]), [zeros([1, 3, 2]), zeros([1, 3, 2])]), /^LSTM: c_0 must have shape \[1,3,6\]/);
    const peep = new PeepholeLSTM(4, 6);
    throwsWith(() => peep.call(zeros([5, 4]), [zeros([1, 1, 6]), zeros([1, 1, 6])]), /^PeepholeLSTM: h_0 must have shape \[1,6\]/);
    const cell = new LSTMCell(4, 6);
    throwsWith(() => cell.call(zeros([2, 4]), [zeros([3, 6]), zeros([2, 6])]), /^LSTMCell: h_0 must have shape \[2,6\] .*got \[3,6\]/);
    for (const m of [gru, lstm, peep, cell]) m.dispose();
  });

  it('unsorted lengths with enforceSorted, and lengths longer than the sequence', () => {
    const x = zeros([5, 3, 4]);
    expect(() => packPaddedSequence(x, [2, 5, 3])).toThrow(
      /^packPaddedSequence: lengths must be sorted in decreasing order when enforceSorted is true, got \[2,5,3\] \(pass enforceSorted: false/);
    expect(() => packPaddedSequence(x, [6, 5, 3])).toThrow(/^packPaddedSequence: length 6 of sequence 0 exceeds the sequence length 5 of input shape \[5,3,4\]/);
    expect(() => packPaddedSequence(x, [5, 3, 3], { batchFirst: true })).toThrow(/^packPaddedSequence: got 3 lengths for a batch of 5/);
    expect(() => packPaddedSequence(x, [5, 0, 0])).toThrow(/^packPaddedSequence: every length must be a positive integer, got \[5,0,0\]/);
    throwsWith(() => packSequence([zeros([2, 3]), zeros([4, 3])]), /^packSequence: lengths must be sorted in decreasing order/);
    x.dispose();
  });

  it('padPackedSequence totalLength below the longest sequence', () => {
    throwsWith(() => padPackedSequence(packPaddedSequence(zeros([4, 2, 3]), [4, 2]), { totalLength: 3 }),
      /^padPackedSequence: totalLength must be at least the longest sequence \(4\), got 3/);
  });

  it('bad constructor options', () => {
    expect(() => new RNN(4, 6, { nonlinearity: 'sigmoid' as 'tanh' })).toThrow(/^RNN: nonlinearity must be 'tanh' or 'relu', got 'sigmoid'/);
    expect(() => new LSTM(4, 6, { projSize: 6 })).toThrow(/^LSTM: projSize must be an integer in \[0, hiddenSize=6\), got 6/);
    expect(() => new GRU(4, 0)).toThrow(/^GRU: hiddenSize must be a positive integer, got 0/);
    expect(() => new GRU(4, 6, { dropout: 1.5 })).toThrow(/^GRU: dropout must be between 0 and 1, got 1.5/);
  });

  it('seq2seq parts: wrong token dtype, memory width and starting state', () => {
    const encoder = new Encoder(9, 4, 5);
    throwsWith(() => encoder.call(zeros([2, 3])), /^Encoder: tokens must be int32 \[batch, sourceLength\], got float32 \[2,3\]/);
    const decoder = new AttentionDecoder(7, 4, 5, 6);
    throwsWith(() => decoder.initialState(zeros([2, 3, 5])), /^AttentionDecoder.initialState: memory must be float32 \[batch, sourceLength, 6\] \(encoderSize\), got float32 \[2,3,5\]/);
    throwsWith(() => decoder.initialState(zeros([2, 3, 6]), { hidden: [zeros([1, 3, 5]), zeros([1, 3, 5])] }),
      /^AttentionDecoder.initialState: hidden must have shape \[1,2,5\] \(\[numLayers, batch, hiddenSize\]\), got \[1,3,5\]/);
    throwsWith(() => decoder.initialState(zeros([2, 3, 6]), { hidden: zeros([1, 2, 5]) }), /^AttentionDecoder.initialState: hidden must be \[h, c\] for an LSTM decoder/);
    throwsWith(() => decoder.step(zeros([3], { dtype: 'int32' }), decoder.initialState(zeros([2, 3, 6]))),
      /^AttentionDecoder: tokens must be int32 \[batch\] with batch 2 \(the memory's\), got int32 \[3\]/);
    expect(() => new AttentionDecoder(7, 4, 5, 6, { attention: 'dot' as 'luong' })).toThrow(/^AttentionDecoder: attention must be 'additive' or 'luong', got 'dot'/);
    encoder.dispose();
    decoder.dispose();
  });
});
