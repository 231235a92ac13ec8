// MultiheadAttention against torch.nn.MultiheadAttention (fixtures/generate_attention.py): a
// state_dict saved as safetensors loads unchanged and reproduces causal self-attention and
// cross-attention (outputs, weights, gradients of inputs and parameters); kdim/vdim,
// addBiasKv, addZeroAttn, masks, batchFirst, no bias and unbatched inputs likewise.
import { beforeAll, it } from 'vitest';
import { enableAutograd } from '@tessera/autograd';
import { describeEachBackend } from '../../../tooling/parity';
import { moduleCases, runModuleCase } from './fixture-cases';

beforeAll(() => enableAutograd());

describeEachBackend('MultiheadAttention matches PyTorch', () => {
  for (const c of moduleCases('MultiheadAttention')) it(c.name, () => runModuleCase(c));
});
