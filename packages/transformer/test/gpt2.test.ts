// loadGpt2 against a small randomly initialised GPT-2 written by fixtures/generate_gpt2.py in
// Hugging Face's format (Conv1D layout, attn.bias buffers, tied output): the loaded model
// reproduces PyTorch's logits on every backend, with the cache too, and the gradients of its
// next-token loss; bad checkpoints fail clearly.
import { readFileSync } from 'node:fs';
import { beforeAll, expect, it } from 'vitest';
import { cat, crossEntropy, memory, narrow, reshape, tidy, transpose, type Tensor } from '@tessera/core';
import { backward, enableAutograd, noGrad } from '@tessera/autograd';
import { loadSafetensors } from '@tessera/layers';
import { decodeTensor, describeEachBackend, expectNamedClose, type TensorSpec } from '../../../tooling/parity';
import { loadGpt2 } from '../src/index';
import { fixtureBytes } from './fixture-cases';

beforeAll(() => enableAutograd());

const reference = JSON.parse(readFileSync(new URL('./fixtures/gpt2.json', import.meta.url), 'utf8')) as {
  nHead: number; tokens: TensorSpec; logits: TensorSpec; loss: number; grads: Record<string, TensorSpec>;
};
// Hugging Face's Conv1D weights are [in, out]: their gradients are the transposes of ours.
const CONV1D = /\.(c_attn|c_proj|c_fc)\.weight$/;

function withWeights<T>(fn: (weights: Record<string, Tensor>) => T): T {
  const weights = loadSafetensors(fixtureBytes('gpt2.safetensors'));
  try {
    return fn(weights);
  } finally {
    for (const t of Object.values(weights)) t.dispose();
  }
}

describeEachBackend('loadGpt2', () => {
  it("reproduces PyTorch's logits, in one forward and through the cache", async () => {
    const before = memory().numTensors;
    const gpt = withWeights((weights) => loadGpt2(weights, { nHead: reference.nHead }));
    expect(gpt.config).toMatchObject({ vocabSize: 50, contextLength: 16, dModel: 16, nLayer: 2, nHead: 4, dimFeedforward: 64, activation: 'geluTanh' });
    const tokens = decodeTensor(reference.tokens);
    const logits = noGrad(() => gpt.call(tokens));
    await expectNamedClose('logits', logits, reference.logits);
    const cache = gpt.createCache();
    const parts = [narrow(tokens, 1, 0, 6), narrow(tokens, 1, 6, 1), narrow(tokens, 1, 7, 4)];
    const outs = parts.map((p) => gpt.call(p, { cache }));
    const stepped = cat(outs, 1);
    await expectNamedClose('logits through the cache', stepped, reference.logits);
    for (const t of [tokens, logits, stepped, ...parts, ...outs]) t.dispose();
    cache.dispose();
    gpt.dispose();
    expect(memory().numTensors).toBeLessThanOrEqual(before); // webgpu may finalise earlier cases' tensors meanwhile
  });

  it("the next-token loss and every parameter's gradient match PyTorch's", async () => {
    const before = memory().numTensors;
    const gpt = withWeights((weights) => loadGpt2(weights, { nHead: reference.nHead }));
    const tokens = decodeTensor(reference.tokens);
    const loss = tidy(() => {
      const logits = gpt.call(narrow(tokens, 1, 0, 10));
      return crossEntropy(reshape(logits, [20, 50]), reshape(narrow(tokens, 1, 1, 10), [20]));
    });
    expect(Number(await loss.item())).toBeCloseTo(reference.loss, 4);
    backward(loss);
    const params = new Map(gpt.namedParameters());
    expect([...params.keys()].sort()).toEqual(Object.keys(reference.grads).map((k) => `transformer.${k}`).sort());
    for (const [key, want] of Object.entries(reference.grads)) {
      const g = params.get(`transformer.${key}`)?.grad ?? null;
      const ours = g && CONV1D.test(key) ? transpose(g, 0, 1) : g;
      await expectNamedClose(`gradient of ${key}`, ours, want, 1e-4, 2e-3);
      if (ours !== g) ours?.dispose();
    }
    for (const t of [tokens, loss]) t.dispose();
    gpt.dispose();
    expect(memory().numTensors).toBeLessThanOrEqual(before); // webgpu may finalise earlier cases' tensors meanwhile
  });

  it('takes keys under transformer. and skips a tied lm_head.weight', async () => {
    const before = memory().numTensors;
    const gpt = withWeights((weights) => {
      const prefixed = Object.fromEntries(Object.entries(weights).map(([k, t]) => [`transformer.${k}`, t]));
      return loadGpt2({ ...prefixed, 'lm_head.weight': weights['wte.weight'] }, { nHead: reference.nHead });
    });
    const tokens = decodeTensor(reference.tokens);
    const logits = noGrad(() => gpt.call(tokens));
    await expectNamedClose('logits', logits, reference.logits);
    for (const t of [tokens, logits]) t.dispose();
    gpt.dispose();
    expect(memory().numTensors).toBeLessThanOrEqual(before); // webgpu may finalise earlier cases' tensors meanwhile
  });

  it('names missing, misshapen and unknown tensors, and leaves nothing behind', () => {
    const before = memory().numTensors;
    withWeights((weights) => {
      const { 'wte.weight': _wte, ...noEmbedding } = weights;
      expect(() => loadGpt2(noEmbedding, { nHead: 4 })).toThrow(/^loadGpt2: expected GPT-2 keys wte.weight, wpe.weight and h.0.mlp.c_fc.weight/);
      const { 'h.1.ln_2.bias': _ln, ...noNorm } = weights;
      expect(() => loadGpt2(noNorm, { nHead: 4 })).toThrow(/^loadGpt2: GPT.loadStateDict: missing keys: transformer.h.1.ln_2.bias/);
      expect(() => loadGpt2({ ...weights, 'h.0.attn.c_proj.weight': weights['h.0.mlp.c_fc.weight'] }, { nHead: 4 })).toThrow(
        /size mismatch for 'transformer.h.0.attn.c_proj.weight': got \[64,16\], the module has \[16,16\]/);
      expect(() => loadGpt2(weights, { nHead: 3 })).toThrow(/^GPT: dModel must be divisible by nHead, got dModel 16 and nHead 3/);
    });
    expect(memory().numTensors).toBeLessThanOrEqual(before); // webgpu may finalise earlier cases' tensors meanwhile
  });
});
