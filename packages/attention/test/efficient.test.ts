// Performer (FAVOR+) and Linformer against PyTorch references of the same formulas
// (fixtures/generate_attention.py), with fixed seeded features: favorAttention in its
// non-causal and causal forms, PerformerAttention with a key padding mask and causal, and
// LinformerAttention with shared and per-head projections; outputs and every gradient. And a
// MultiheadAttention's state dict loads into PerformerAttention (the same projection keys).
import { beforeAll, expect, it } from 'vitest';
import { memory } from '@tessera/core';
import { enableAutograd } from '@tessera/autograd';
import { describeEachBackend } from '../../../tooling/parity';
import { MultiheadAttention, PerformerAttention } from '../src/index';
import { functionCases, moduleCases, runFunctionCase, runModuleCase } from './fixture-cases';

beforeAll(() => enableAutograd());

describeEachBackend('Performer and Linformer match PyTorch', () => {
  for (const c of functionCases('favorAttention')) it(c.name, () => runFunctionCase(c));
  for (const c of [...moduleCases('PerformerAttention'), ...moduleCases('LinformerAttention')]) it(c.name, () => runModuleCase(c));
});

describeEachBackend('PerformerAttention from a MultiheadAttention checkpoint', () => {
  it('loads every projection; only projection_matrix is missing', async () => {
    const before = memory().numTensors;
    const mha = new MultiheadAttention(8, 2);
    const performer = new PerformerAttention(8, 2, { numFeatures: 16 });
    const sd = mha.stateDict();
    expect(performer.loadStateDict(sd, { strict: false })).toEqual({ missingKeys: ['projection_matrix'], unexpectedKeys: [] });
    const loaded = performer.stateDict();
    for (const key of Object.keys(sd)) expect(await loaded[key].data()).toEqual(await sd[key].data());
    mha.dispose();
    performer.dispose();
    expect(memory().numTensors).toBe(before);
  });
});
