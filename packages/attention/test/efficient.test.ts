// Performer (FAVOR+) and Linformer against PyTorch references of the same formulas
// (fixtures/generate_attention.py), with fixed seeded features: favorAttention in its
// non-causal and causal forms, PerformerAttention with a key padding mask and causal, and
// LinformerAttention with shared and per-head projections; outputs and every gradient.
import { beforeAll, it } from 'vitest';
import { enableAutograd } from '@tessera/autograd';
import { describeEachBackend } from '../../../tooling/parity';
import { functionCases, moduleCases, runFunctionCase, runModuleCase } from './fixture-cases';

beforeAll(() => enableAutograd());

describeEachBackend('Performer and Linformer match PyTorch', () => {
  for (const c of functionCases('favorAttention')) it(c.name, () => runFunctionCase(c));
  for (const c of [...moduleCases('PerformerAttention'), ...moduleCases('LinformerAttention')]) it(c.name, () => runModuleCase(c));
});
