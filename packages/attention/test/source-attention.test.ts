// AdditiveAttention and LuongAttention (dot, general, concat) against PyTorch references of
// the same formulas (fixtures/generate_attention.py): context, weights and every gradient,
// for single-step and multi-step queries, with and without a source padding mask.
import { beforeAll, it } from 'vitest';
import { enableAutograd } from '@tessera/autograd';
import { describeEachBackend } from '../../../tooling/parity';
import { moduleCases, runModuleCase } from './fixture-cases';

beforeAll(() => enableAutograd());

describeEachBackend('AdditiveAttention and LuongAttention match PyTorch', () => {
  for (const c of [...moduleCases('AdditiveAttention'), ...moduleCases('LuongAttention')]) it(c.name, () => runModuleCase(c));
});
