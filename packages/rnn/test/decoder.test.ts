// AttentionDecoder against a PyTorch reference of the same model (fixtures/generate.py): one
// step with additive and Luong (general, dot, concat) attention, LSTM and GRU, one and two
// layers, with and without source padding, and teacher forcing over several steps; the
// log-probabilities, new state, attention weights and every gradient (state, memory and
// parameters). Encoder against PyTorch's embedding, pack, LSTM/GRU and pad, with every
// parameter's gradient. Then the pieces fit together, train with a flat tensor count, and
// drive the decoders of @tessera/layers.
import { readFileSync } from 'node:fs';
import { beforeAll, expect, it } from 'vitest';
import { add, manualSeed, memory, mul, nllLoss, randint, reshape, sum, tidy, type Tensor } from '@tessera/core';
import { noGrad } from '@tessera/autograd';
import { backward, enableAutograd } from '@tessera/autograd';
import { Adam, beamSearch, greedyDecode } from '@tessera/layers';
import { decodeTensor, describeEachBackend, expectClose, type TensorSpec } from '../../../tooling/parity';
import { AttentionDecoder, Encoder, type AttentionDecoderOptions, type DecoderState, type EncoderOptions } from '../src/index';
import { loadState } from './fixture-cases';

interface DecoderCase {
  name: string;
  args: [number, number, number, number];
  options: AttentionDecoderOptions;
  state: Record<string, TensorSpec>;
  tokens: TensorSpec;
  leaves: Record<string, TensorSpec>;
  keyPaddingMask: TensorSpec | null;
  outputs: TensorSpec[];
  upstreams: TensorSpec[];
  grads: Record<string, TensorSpec>;
}

interface EncoderCase {
  name: string;
  args: [number, number, number];
  options: EncoderOptions;
  state: Record<string, TensorSpec>;
  tokens: TensorSpec;
  lengths: number[];
  keyPaddingMask: TensorSpec;
  outputs: TensorSpec[];
  upstreams: TensorSpec[];
  grads: Record<string, TensorSpec>;
}

const fixture = JSON.parse(readFileSync(new URL('./fixtures/rnn.json', import.meta.url), 'utf8')) as { decoders: DecoderCase[]; encoders: EncoderCase[] };

/** Compares outputs, then backpropagates the upstreams and compares the gradients of `leaves`. */
async function expectOutputsAndGrads(outs: Tensor[], leaves: Map<string, Tensor>, c: { outputs: TensorSpec[]; upstreams: TensorSpec[]; grads: Record<string, TensorSpec> }): Promise<void> {
  expect(outs.length).toBe(c.outputs.length);
  for (const [i, want] of c.outputs.entries()) {
    await expectClose(outs[i], want).catch((e: Error) => {
      throw new Error(`output ${i}: ${e.message}`);
    });
  }
  const upstreams = c.upstreams.map(decodeTensor);
  const loss = tidy(() => outs.map((o, i) => sum(mul(o, upstreams[i]))).reduce((a, b) => add(a, b)));
  backward(loss);
  expect([...leaves.keys()]).toEqual(Object.keys(c.grads));
  for (const [key, want] of Object.entries(c.grads)) {
    await expectClose(leaves.get(key)!.grad!, want, 1e-4, 2e-3).catch((e: Error) => {
      throw new Error(`gradient of ${key}: ${e.message}`);
    });
  }
  for (const t of [loss, ...upstreams]) t.dispose();
}

async function runEncoderCase(c: EncoderCase): Promise<void> {
  const before = memory().numTensors;
  const encoder = new Encoder(...c.args, c.options);
  loadState(encoder, c.state);
  const tokens = decodeTensor(c.tokens);
  const { outputs, hidden, keyPaddingMask } = encoder.call(tokens, c.lengths);
  await expectClose(keyPaddingMask!, c.keyPaddingMask);
  const outs = [outputs, ...(Array.isArray(hidden) ? hidden : [hidden])];
  await expectOutputsAndGrads(outs, new Map(encoder.namedParameters()), c);
  for (const t of [...outs, keyPaddingMask, tokens]) t?.dispose();
  encoder.dispose();
  expect(memory().numTensors).toBeLessThanOrEqual(before); // webgpu may finalise earlier cases' tensors meanwhile
}

async function runDecoderCase(c: DecoderCase): Promise<void> {
  const before = memory().numTensors;
  const decoder = new AttentionDecoder(...c.args, c.options);
  loadState(decoder, c.state);
  const leaves = Object.fromEntries(Object.entries(c.leaves).map(([k, s]) => [k, decodeTensor(s)]));
  for (const t of Object.values(leaves)) t.requiresGrad = true;
  const tokens = decodeTensor(c.tokens);
  const mask = c.keyPaddingMask ? decodeTensor(c.keyPaddingMask) : null;
  const state: DecoderState = { hidden: leaves.hidden, cell: leaves.cell ?? null, memory: leaves.memory, keyPaddingMask: mask, attentional: leaves.attentional ?? null, attention: null };
  const outs = tidy(() => {
    const r = tokens.ndim === 1 ? { ...decoder.step(tokens, state), attention: null } : decoder.forward(tokens, state);
    return [r.logProbs, r.state.hidden, r.state.cell, r.state.attentional, r.attention ?? r.state.attention].filter((t): t is Tensor => t !== null);
  });
  await expectOutputsAndGrads(outs, new Map<string, Tensor>([...Object.entries(leaves), ...decoder.namedParameters()]), c);
  for (const t of [...outs, tokens, mask, ...Object.values(leaves).flatMap((l) => [l.grad, l])]) t?.dispose();
  decoder.dispose();
  expect(memory().numTensors).toBeLessThanOrEqual(before); // webgpu may finalise earlier cases' tensors meanwhile
}

beforeAll(() => enableAutograd());

describeEachBackend('AttentionDecoder matches its PyTorch reference', (backend) => {
  // SwiftShader compiles each new kernel shape on first use.
  const timeout = backend === 'webgpu' ? 300_000 : 60_000;
  for (const c of fixture.decoders) it(c.name, () => runDecoderCase(c), timeout);
  for (const c of fixture.encoders) it(c.name, () => runEncoderCase(c), timeout);

  it('a bidirectional encoder feeds the decoder; the pair trains with a flat tensor count', async () => {
    manualSeed(11);
    const encoder = new Encoder(9, 4, 5, { bidirectional: true, numLayers: 2 });
    const decoder = new AttentionDecoder(7, 4, encoder.outputSize, encoder.outputSize, { attention: 'luong', numLayers: 2 });
    const optimizer = new Adam([...encoder.parameters(), ...decoder.parameters()], { lr: 0.02 });
    const source = randint(1, 9, [3, 6]);
    const target = randint(1, 7, [3, 5]);
    let baseline = -1;
    const losses: number[] = [];
    const steps = backend === 'webgpu' ? 3 : 8;
    for (let step = 0; step < steps; step++) {
      const loss = tidy(() => {
        const { outputs, hidden, keyPaddingMask } = encoder.call(source, [6, 2, 4]);
        expect(outputs.shape).toEqual([3, 6, 10]);
        const start = decoder.initialState(outputs, { keyPaddingMask, hidden });
        const { logProbs, attention } = decoder.call(target.narrow(1, 0, 4), start);
        expect(attention.shape).toEqual([3, 4, 6]);
        return nllLoss(reshape(logProbs, [12, 7]), reshape(target.narrow(1, 1, 4), [12]));
      });
      backward(loss);
      optimizer.step();
      optimizer.zeroGrad();
      if (step === 0 || step === steps - 1) losses.push(Number(await loss.item()));
      loss.dispose();
      if (step === 0) baseline = memory().numTensors;
      else expect(memory().numTensors).toBeLessThanOrEqual(baseline);
    }
    expect(losses[1]).toBeLessThan(losses[0]);
    for (const t of [source, target]) t.dispose();
    encoder.dispose();
    decoder.dispose();
  }, timeout);

  it("drives @tessera/layers' greedyDecode and beamSearch: beam size 1 equals greedy, the state stays batch-first", async () => {
    manualSeed(13);
    const before = memory().numTensors;
    const encoder = new Encoder(9, 4, 5, { cell: 'gru', bidirectional: true });
    const decoder = new AttentionDecoder(7, 4, 10, encoder.outputSize, { cell: 'gru' });
    const source = randint(1, 9, [2, 5]);
    const initialState = tidy(() => noGrad(() => {
      const { outputs, hidden, keyPaddingMask } = encoder.call(source, [5, 3]);
      return decoder.initialState(outputs, { keyPaddingMask, hidden });
    }));
    const step = (tokens: Int32Array, state: DecoderState) => decoder.step(tokens, state);
    const options = { startToken: [0, 0], endToken: 6, maxLength: 6, initialState };
    const greedy = await greedyDecode(step, options);
    const beams = await beamSearch(step, { ...options, beamSize: 1, nBest: 1 });
    expect(beams.map((b) => b[0].tokens)).toEqual(greedy.map((g) => g.tokens));
    beams.forEach((b, i) => expect(b[0].score).toBeCloseTo(greedy[i].score, 4));
    const wide = await beamSearch(step, { ...options, beamSize: 3, nBest: 3 });
    expect(wide.map((list) => list.length)).toEqual([3, 3]);
    for (const t of [source, initialState.hidden, initialState.memory, initialState.keyPaddingMask]) t?.dispose();
    encoder.dispose();
    decoder.dispose();
    // No more than before: on webgpu, tensors the earlier cases freed may only now leave the count.
    expect(memory().numTensors).toBeLessThanOrEqual(before);
  }, timeout);
});
