// RNN (tanh, relu), LSTM (stacked, bidirectional, projSize) and GRU against torch.nn: outputs,
// final states and the gradients of the input, the initial state and every parameter,
// batch-first, unbatched and bias-free forms included (fixtures/generate.py).
import { beforeAll, it } from 'vitest';
import { enableAutograd } from '@tessera/autograd';
import { describeEachBackend } from '../../../tooling/parity';
import { cases, runCase } from './fixture-cases';

beforeAll(() => enableAutograd());

describeEachBackend('RNN, LSTM and GRU match torch.nn', () => {
  for (const c of cases('RNN', 'LSTM', 'GRU').filter((c) => !c.packed && typeof c.state !== 'string')) it(c.name, () => runCase(c));
});
