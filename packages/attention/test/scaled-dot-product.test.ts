// scaledDotProductAttention against PyTorch 2's formula (fixtures/generate_attention.py):
// bool and float masks, causal with L = S and L < S, broadcast batches, a fully masked row.
import { beforeAll, it } from 'vitest';
import { enableAutograd } from '@tessera/autograd';
import { describeEachBackend } from '../../../tooling/parity';
import { functionCases, runFunctionCase } from './fixture-cases';

beforeAll(() => enableAutograd());

describeEachBackend('scaledDotProductAttention matches PyTorch', () => {
  for (const c of functionCases('scaledDotProductAttention')) it(c.name, () => runFunctionCase(c));
});
