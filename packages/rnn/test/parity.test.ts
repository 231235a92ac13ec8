// Every recurrent module against PyTorch (fixtures/generate.py): outputs, final states and the
// gradients of the input, the initial state and every parameter. RNN (tanh, relu), LSTM
// (stacked, bidirectional, projSize) and GRU against torch.nn, batch-first, unbatched and
// bias-free forms included; packed batches (unsorted lengths with enforceSorted=false, and
// sorted ones); the cells; PeepholeLSTM and CoupledLSTM against references of the study
// notes' equations; nn.LSTM and nn.GRU state_dicts loaded from safetensors. One file, so the
// webgpu backend compiles its pipelines once (on SwiftShader the first cases take longest).
import { beforeAll, expect, it } from 'vitest';
import { arange, memory, reshape, tidy } from '@tessera/core';
import { enableAutograd } from '@tessera/autograd';
import { describeEachBackend } from '../../../tooling/parity';
import { packPaddedSequence, packSequence, padPackedSequence } from '../src/index';
import { cases, runCase, type RecurrentCase } from './fixture-cases';

beforeAll(() => enableAutograd());

const fromFile = (c: RecurrentCase) => typeof c.state === 'string';
const groups: [string, RecurrentCase[]][] = [
  ['RNN, LSTM and GRU match torch.nn', cases('RNN', 'LSTM', 'GRU').filter((c) => !c.packed && !fromFile(c))],
  ['recurrent layers on packed sequences match PyTorch', cases('RNN', 'LSTM', 'GRU').filter((c) => c.packed)],
  ['RNNCell, LSTMCell and GRUCell match torch.nn', cases('RNNCell', 'LSTMCell', 'GRUCell')],
  ['PeepholeLSTM and CoupledLSTM match their PyTorch references', cases('PeepholeLSTM', 'CoupledLSTM')],
  ['PyTorch LSTM and GRU checkpoints (safetensors) load and reproduce PyTorch', cases('LSTM', 'GRU').filter(fromFile)],
];

for (const [title, group] of groups) {
  describeEachBackend(title, (backend) => {
    // SwiftShader compiles each new kernel shape on first use.
    const timeout = backend === 'webgpu' ? 300_000 : 60_000;
    for (const c of group) it(c.name, () => runCase(c), timeout);
  });
}

describeEachBackend('packing functions', () => {
  it('packs time-major with sorted indices and unpacks to the original order', async () => {
    const before = memory().numTensors;
    // x[t, b] = 10·t + b for T = 3, B = 3; lengths 1, 3, 2 (unsorted)
    const x = tidy(() => reshape(arange(0, 9), [3, 3, 1]).mul(1).add(reshape(arange(0, 3), [3, 1, 1]).mul(7)));
    const packed = packPaddedSequence(x, [1, 3, 2], { enforceSorted: false });
    expect(packed.batchSizes).toEqual([3, 2, 1]);
    expect(packed.sortedIndices).toEqual([1, 2, 0]);
    expect(packed.unsortedIndices).toEqual([2, 0, 1]);
    const values = Array.from(await x.data());
    const at = (t: number, b: number) => values[t * 3 + b];
    expect(Array.from(await packed.data.data())).toEqual([at(0, 1), at(0, 2), at(0, 0), at(1, 1), at(1, 2), at(2, 1)]);
    const [padded, lengths] = padPackedSequence(packed, { batchFirst: true, paddingValue: -1, totalLength: 4 });
    expect(lengths).toEqual([1, 3, 2]);
    expect(padded.shape).toEqual([3, 4, 1]);
    expect(Array.from(await padded.data())).toEqual([at(0, 0), -1, -1, -1, at(0, 1), at(1, 1), at(2, 1), -1, at(0, 2), at(1, 2), -1, -1]);
    const listed = tidy(() => packSequence([x.narrow(1, 1, 1).narrow(0, 0, 3), x.narrow(1, 2, 1).narrow(0, 0, 2)].map((s) => s.reshape([s.shape[0], 1]))));
    expect(listed.batchSizes).toEqual([2, 2, 1]);
    expect(Array.from(await listed.data.data())).toEqual([at(0, 1), at(0, 2), at(1, 1), at(1, 2), at(2, 1)]);
    for (const t of [x, packed.data, padded, listed.data]) t.dispose();
    expect(memory().numTensors).toBeLessThanOrEqual(before); // webgpu may finalise earlier cases' tensors meanwhile
  });
});
