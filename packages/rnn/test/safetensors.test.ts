// A PyTorch nn.LSTM (2 layers, bidirectional, projSize, batch_first) and nn.GRU state_dict,
// saved as safetensors by fixtures/generate.py, load unchanged (strict keys and shapes) and
// reproduce PyTorch's outputs and gradients.
import { beforeAll, it } from 'vitest';
import { enableAutograd } from '@tessera/autograd';
import { describeEachBackend } from '../../../tooling/parity';
import { cases, runCase } from './fixture-cases';

beforeAll(() => enableAutograd());

describeEachBackend('PyTorch LSTM and GRU checkpoints load and reproduce PyTorch', () => {
  for (const c of cases('LSTM', 'GRU').filter((c) => typeof c.state === 'string')) it(c.name, () => runCase(c));
});
