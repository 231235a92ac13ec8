// RNNCell (tanh, relu without bias), LSTMCell and GRUCell (batched and unbatched) against
// torch.nn's cells: the new state and every gradient.
import { beforeAll, it } from 'vitest';
import { enableAutograd } from '@tessera/autograd';
import { describeEachBackend } from '../../../tooling/parity';
import { cases, runCase } from './fixture-cases';

beforeAll(() => enableAutograd());

describeEachBackend('RNNCell, LSTMCell and GRUCell match torch.nn', () => {
  for (const c of cases('RNNCell', 'LSTMCell', 'GRUCell')) it(c.name, () => runCase(c));
});
