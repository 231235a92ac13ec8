// Positional encodings against PyTorch references (fixtures/generate_attention.py): the
// sinusoidal table and module, the learned encoding with its gradient, and rotary embeddings
// in LLaMA's interleaved and the rotate-half layouts, with gradients of q and k.
import { beforeAll, it } from 'vitest';
import { enableAutograd } from '@tessera/autograd';
import { describeEachBackend } from '../../../tooling/parity';
import { functionCases, moduleCases, runFunctionCase, runModuleCase } from './fixture-cases';

beforeAll(() => enableAutograd());

describeEachBackend('positional encodings match PyTorch', () => {
  for (const c of [...functionCases('sinusoidalPositionalEncoding'), ...functionCases('applyRotaryEmbedding')]) {
    it(c.name, () => runFunctionCase(c));
  }
  for (const c of [...moduleCases('SinusoidalPositionalEncoding'), ...moduleCases('LearnedPositionalEncoding')]) {
    it(c.name, () => runModuleCase(c));
  }
});
