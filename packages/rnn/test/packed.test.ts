// Packed variable-length batches against torch.nn.utils.rnn: LSTM (2 layers, bidirectional,
// projSize) and GRU on unsorted lengths with enforceSorted=false, RNN on sorted ones; the
// padded outputs, final states (padding never enters them) and every gradient. Then the
// packing functions' own layout against PyTorch's rules.
import { beforeAll, expect, it } from 'vitest';
import { arange, memory, reshape, tidy } from '@tessera/core';
import { enableAutograd } from '@tessera/autograd';
import { describeEachBackend } from '../../../tooling/parity';
import { packPaddedSequence, packSequence, padPackedSequence } from '../src/index';
import { cases, runCase } from './fixture-cases';

beforeAll(() => enableAutograd());

describeEachBackend('recurrent layers on packed sequences match PyTorch', () => {
  for (const c of cases('RNN', 'LSTM', 'GRU').filter((c) => c.packed)) it(c.name, () => runCase(c));

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
    expect(memory().numTensors).toBe(before);
  });
});
