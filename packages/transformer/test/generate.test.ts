// GPT.generate through the layers decoding module, on the KV cache: greedy decoding equals
// taking the argmax of full forwards, token by token; a beam's score is the model's
// log-probability of its tokens; sampling is reproducible from its seed and top-k 1 is greedy;
// nothing is left behind; a prompt that does not fit the context fails clearly.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { argmax, logSoftmax, manualSeed, memory, tensor, tidy } from '@tessera/core';
import { enableAutograd, noGrad } from '@tessera/autograd';
import { describeEachBackend } from '../../../tooling/parity';
import { GPT } from '../src/index';

beforeAll(() => enableAutograd());

/** The log-probabilities of `next` tokens after `prompt`, each from a full forward (no cache). */
async function fullForwardScores(gpt: GPT, prompt: number[], next: number[]): Promise<{ greedy: number[]; score: number }> {
  const ids = [...prompt];
  const greedy: number[] = [];
  let score = 0;
  for (const token of next) {
    const [best, logProb] = noGrad(() => tidy(() => {
      const logits = gpt.call(tensor([ids], { dtype: 'int32' }));
      const last = logSoftmax(logits.narrow(1, ids.length - 1, 1).reshape([gpt.config.vocabSize]), -1);
      return [argmax(last), last.narrow(0, token, 1)];
    }));
    greedy.push(Number(await best.item()));
    score += Number(await logProb.item());
    best.dispose();
    logProb.dispose();
    ids.push(token);
  }
  return { greedy, score };
}

describeEachBackend('GPT.generate', () => {
  let gpt: GPT;
  beforeAll(() => {
    manualSeed(5);
    gpt = new GPT({ vocabSize: 17, contextLength: 12, dModel: 16, nLayer: 2, nHead: 2 });
  });
  afterAll(() => gpt.dispose());
  const prompt = [3, 1, 4, 1, 5];

  it('greedy (temperature 0) equals the argmax of full forwards, and leaves nothing behind', async () => {
    const before = memory().numTensors;
    const out = await gpt.generate(prompt, { maxNewTokens: 6, temperature: 0 });
    expect(out.tokens).toHaveLength(6);
    const reference = await fullForwardScores(gpt, prompt, out.tokens);
    expect(out.tokens).toEqual(reference.greedy);
    expect(out.score).toBeCloseTo(reference.score, 3);
    expect(memory().numTensors).toBeLessThanOrEqual(before); // webgpu may finalise earlier cases' tensors meanwhile
  });

  it("beam search returns a hypothesis scored with the model's log-probabilities", async () => {
    const before = memory().numTensors;
    const best = await gpt.generate(prompt, { maxNewTokens: 5, beams: 3 });
    expect(best.tokens).toHaveLength(5);
    const reference = await fullForwardScores(gpt, prompt, best.tokens);
    expect(best.score).toBeCloseTo(reference.score, 3);
    expect(memory().numTensors).toBeLessThanOrEqual(before); // webgpu may finalise earlier cases' tensors meanwhile
  });

  it('sampling is reproducible from the seed; topK 1 is greedy; a one-token prompt works', async () => {
    const a = await gpt.generate(prompt, { maxNewTokens: 6, temperature: 1.5, topP: 0.9, seed: 7 });
    const b = await gpt.generate(prompt, { maxNewTokens: 6, temperature: 1.5, topP: 0.9, seed: 7 });
    expect(a.tokens).toEqual(b.tokens);
    const top1 = await gpt.generate(prompt, { maxNewTokens: 6, topK: 1, seed: 3 });
    const greedy = await gpt.generate(prompt, { maxNewTokens: 6, temperature: 0 });
    expect(top1.tokens).toEqual(greedy.tokens);
    const single = await gpt.generate([2], { maxNewTokens: 11, temperature: 0 });
    expect(single.tokens).toEqual((await fullForwardScores(gpt, [2], single.tokens)).greedy);
  });

  it('rejects a prompt that does not fit the context and bad options', async () => {
    const before = memory().numTensors;
    await expect(gpt.generate(prompt, { maxNewTokens: 9 })).rejects.toThrow(
      /^GPT.generate: the prompt \(5 tokens\) plus maxNewTokens \(9\) exceed the context length 12/);
    await expect(gpt.generate([], { maxNewTokens: 2 })).rejects.toThrow(/^GPT.generate: prompt must be a non-empty array of token ids/);
    await expect(gpt.generate(prompt, { maxNewTokens: 0 })).rejects.toThrow(/maxNewTokens must be a positive integer, got 0/);
    expect(memory().numTensors).toBeLessThanOrEqual(before); // webgpu may finalise earlier cases' tensors meanwhile
  });
});
