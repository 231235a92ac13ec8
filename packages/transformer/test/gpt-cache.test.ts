// GPT's KV cache: logits from incremental decoding (a prompt, then one token at a time, then a
// chunk of two) equal the full forward's on every backend, with learned and with rotary
// positions; the cache frees everything it holds; a sequence longer than the context fails clearly.
import { beforeAll, expect, it } from 'vitest';
import { cat, manualSeed, memory, narrow, randint, type Tensor } from '@tessera/core';
import { enableAutograd, noGrad } from '@tessera/autograd';
import { describeEachBackend } from '../../../tooling/parity';
import { GPT, type GPTConfig } from '../src/index';

beforeAll(() => enableAutograd());

const CONFIG: GPTConfig = { vocabSize: 13, contextLength: 12, dModel: 16, nLayer: 2, nHead: 2 };

async function expectAllClose(actual: Tensor, expected: Tensor): Promise<void> {
  expect(actual.shape).toEqual(expected.shape);
  const [a, e] = [await actual.data(), await expected.data()];
  let worst = 0;
  for (let i = 0; i < e.length; i++) worst = Math.max(worst, Math.abs(a[i] - e[i]) - (1e-4 + 1e-3 * Math.abs(e[i])));
  expect(worst, 'largest excess over 1e-4 + 1e-3·|expected|').toBeLessThanOrEqual(0);
}

/** Logits of `tokens` [B, T] fed in pieces of the given lengths through one cache, joined along T. */
function incremental(gpt: GPT, tokens: Tensor, pieces: number[]): Tensor {
  const cache = gpt.createCache();
  const parts: Tensor[] = [];
  let start = 0;
  for (const length of pieces) {
    const piece = narrow(tokens, 1, start, length);
    parts.push(gpt.call(piece, { cache }));
    piece.dispose();
    start += length;
    expect(cache.length).toBe(start);
  }
  const joined = cat(parts, 1);
  for (const p of parts) p.dispose();
  cache.dispose();
  return joined;
}

describeEachBackend('GPT KV cache', () => {
  for (const positions of ['learned', 'rotary'] as const) {
    it(`incremental logits equal the full forward's (${positions} positions)`, async () => {
      manualSeed(3);
      const before = memory().numTensors;
      const gpt = new GPT({ ...CONFIG, positions });
      const tokens = randint(0, CONFIG.vocabSize, [2, 10]);
      const full = noGrad(() => gpt.call(tokens));
      // A 4-token prompt, three single tokens, a chunk of two, one more token.
      const stepped = incremental(gpt, tokens, [4, 1, 1, 1, 2, 1]);
      await expectAllClose(stepped, full);
      for (const t of [tokens, full, stepped]) t.dispose();
      gpt.dispose();
      expect(memory().numTensors).toBeLessThanOrEqual(before); // webgpu may finalise earlier cases' tensors meanwhile
    });
  }

  it('rejects a sequence longer than the context, with or without a cache', () => {
    const gpt = new GPT(CONFIG);
    const long = randint(0, CONFIG.vocabSize, [1, 13]);
    const prompt = randint(0, CONFIG.vocabSize, [1, 8]);
    const cache = gpt.createCache();
    const before = memory().numTensors;
    expect(() => gpt.call(long)).toThrow(/^GPT: a sequence of 13 tokens exceeds the context length 12/);
    gpt.call(prompt, { cache }).dispose();
    expect(() => gpt.call(prompt, { cache })).toThrow(/^GPT: 8 new tokens after 8 cached exceed the context length 12/);
    // The cache holds one key and one value tensor per layer; the failed calls left nothing.
    expect(memory().numTensors).toBe(before + 2 * CONFIG.nLayer);
    cache.dispose();
    for (const t of [long, prompt]) t.dispose();
    gpt.dispose();
  });
});
