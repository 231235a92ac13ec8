// PeepholeLSTM and CoupledLSTM against PyTorch references of the study notes' equations
// (fixtures/generate.py): outputs, final states and every gradient.
import { beforeAll, it } from 'vitest';
import { enableAutograd } from '@tessera/autograd';
import { describeEachBackend } from '../../../tooling/parity';
import { cases, runCase } from './fixture-cases';

beforeAll(() => enableAutograd());

describeEachBackend('PeepholeLSTM and CoupledLSTM match their PyTorch references', () => {
  for (const c of cases('PeepholeLSTM', 'CoupledLSTM').filter((c) => !c.packed)) it(c.name, () => runCase(c));
});
