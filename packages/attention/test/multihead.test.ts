// MultiheadAttention against torch.nn.MultiheadAttention (fixtures/generate_attention.py): a
// state_dict saved as safetensors loads unchanged and reproduces causal self-attention and
// cross-attention (outputs, weights, gradients of inputs and parameters); kdim/vdim,
// addBiasKv, addZeroAttn, masks, batchFirst, no bias and unbatched inputs likewise; and the
// parameters start as PyTorch initialises them.
import { beforeAll, expect, it } from 'vitest';
import type { Tensor } from '@tessera/core';
import { enableAutograd } from '@tessera/autograd';
import { describeEachBackend } from '../../../tooling/parity';
import { MultiheadAttention } from '../src/index';
import { moduleCases, runModuleCase } from './fixture-cases';

beforeAll(() => enableAutograd());

describeEachBackend('MultiheadAttention matches PyTorch', () => {
  for (const c of moduleCases('MultiheadAttention')) it(c.name, () => runModuleCase(c));
});

describeEachBackend('MultiheadAttention initialisation', () => {
  it("starts as PyTorch's _reset_parameters: Xavier-uniform in_proj_weight, zero biases, Linear's out_proj.weight", async () => {
    const E = 16;
    const mha = new MultiheadAttention(E, 4, { addBiasKv: true });
    const sd = mha.stateDict();
    expect(Object.fromEntries(Object.entries(sd).map(([k, t]) => [k, t.shape]))).toEqual({
      in_proj_weight: [3 * E, E], in_proj_bias: [3 * E], bias_k: [1, 1, E], bias_v: [1, 1, E], 'out_proj.weight': [E, E], 'out_proj.bias': [E],
    });
    const absMax = async (t: Tensor) => Math.max(...Array.from(await t.data(), Math.abs));
    // Xavier-uniform over fanIn E, fanOut 3E: U(±√(6 / 4E)); nn.Linear's default: U(±1/√E).
    expect(await absMax(sd.in_proj_weight)).toBeLessThanOrEqual(Math.sqrt(6 / (4 * E)));
    expect(await absMax(sd.in_proj_weight)).toBeGreaterThan(0.8 * Math.sqrt(6 / (4 * E)));
    expect(await absMax(sd['out_proj.weight'])).toBeLessThanOrEqual(1 / Math.sqrt(E));
    expect(await absMax(sd.in_proj_bias)).toBe(0);
    expect(await absMax(sd['out_proj.bias'])).toBe(0);
    expect(await absMax(sd.bias_k)).toBeGreaterThan(0);
    mha.dispose();
  });
});
