// nn.TransformerEncoderLayer, TransformerDecoderLayer, the stacks and nn.Transformer against
// PyTorch 1.13 (fixtures/generate.py): outputs and the gradients of every input and parameter,
// post-norm and pre-norm, relu and gelu, padding, causal, float and per-head masks; the full
// model's state_dict loads unchanged from PyTorch's safetensors file.
import { beforeAll, expect, it } from 'vitest';
import { enableAutograd } from '@tessera/autograd';
import { describeEachBackend } from '../../../tooling/parity';
import { Transformer } from '../src/index';
import { cases, runCase } from './fixture-cases';

beforeAll(() => enableAutograd());

describeEachBackend('Transformer modules match PyTorch', () => {
  for (const c of cases) it(c.name, () => runCase(c));
});

describeEachBackend('Transformer.generateSquareSubsequentMask', () => {
  it('is 0 on and below the diagonal and -Infinity above', async () => {
    const mask = Transformer.generateSquareSubsequentMask(3);
    expect(Array.from(await mask.data())).toEqual([0, -Infinity, -Infinity, 0, 0, -Infinity, 0, 0, 0]);
    mask.dispose();
  });
});
