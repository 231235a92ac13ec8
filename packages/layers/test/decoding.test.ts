// The decoders on every backend, against references that do not share their machinery: beam
// search against greedy decoding and against a brute-force enumeration of every sequence of
// a tiny recurrent model, sampling against the allowed sets of top-k/top-p and against greedy
// at temperature 0; flat tensor counts during decoding, and clear errors.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { add, embedding, full, logSoftmax, manualSeed, matmul, memory, mul, randn, tanh, tensor, tidy, type Tensor } from '@tessera/core';
import { beamSearch, greedyDecode, lengthPenaltyFactor, sample, samplingDistribution, type Hypothesis, type StepFunction } from '../src/decoding/index';
import { describeEachBackend } from '../../../tooling/parity';

const VOCAB = 4;
const END = 3;
const HIDDEN = 3;

interface TinyState {
  h: Tensor;
  /** A non-tensor value the decoders must carry along untouched. */
  label: string;
}

/** A tiny recurrent model: h' = tanh(h W + E[token]), logProbs = logSoftmax(2 h' U + b) (b lowers the end token). */
function tinyModel() {
  manualSeed(14);
  const w = randn([HIDDEN, HIDDEN]);
  const e = randn([VOCAB, HIDDEN]);
  const u = randn([HIDDEN, VOCAB]);
  const endBias = tensor([[0, 0, 0, -1]]); // sequences of every length, not mostly [] or [x]
  let calls: { rows: number; numTensors: number }[] = [];
  const step: StepFunction<TinyState> = (tokens, state) => {
    expect(state.label).toBe('tiny');
    calls.push({ rows: tokens.length, numTensors: memory().numTensors });
    const h = tanh(add(matmul(state.h, w), embedding(tensor(tokens, { dtype: 'int32' }), e)));
    return { logProbs: logSoftmax(add(mul(matmul(h, u), 2), endBias), -1), state: { h, label: 'tiny' } };
  };
  /** Initial states, one row per start sequence (seeded). */
  const initial = (rows: number): TinyState => ({ h: tidy(() => mul(randn([rows, HIDDEN]), 0.5)), label: 'tiny' });
  return {
    step,
    initial,
    get calls() { return calls; },
    resetCalls() { calls = []; },
    dispose() { [w, e, u, endBias].forEach((t) => t.dispose()); },
  };
}

/** Every sequence up to maxLength by depth-first search, one step call per prefix: score, tokens, finished. */
async function bruteForce(step: StepFunction<TinyState>, initialState: TinyState, startToken: number, maxLength: number, alpha: number): Promise<Hypothesis[]> {
  const out: Hypothesis[] = [];
  const visit = async (state: TinyState, last: number, prefix: number[], score: number) => {
    const { logProbs, state: next } = tidy(() => step(Int32Array.of(last), state));
    const row = await logProbs.data();
    logProbs.dispose();
    for (let v = 0; v < VOCAB; v++) {
      const s = score + row[v];
      const length = prefix.length + 1;
      if (v === END) out.push({ tokens: prefix, score: s, finished: true, normalizedScore: s / lengthPenaltyFactor(length, alpha) });
      else if (length === maxLength) out.push({ tokens: [...prefix, v], score: s, finished: false, normalizedScore: s / lengthPenaltyFactor(length, alpha) });
      else await visit(next, v, [...prefix, v], s);
    }
    next.h.dispose();
  };
  await visit(initialState, startToken, [], 0);
  return out.sort((a, b) => b.normalizedScore - a.normalizedScore);
}

function expectSameHypotheses(actual: Hypothesis[], expected: Hypothesis[]): void {
  expect(actual.map((h) => [h.tokens, h.finished])).toEqual(expected.map((h) => [h.tokens, h.finished]));
  actual.forEach((h, i) => {
    expect(h.score).toBeCloseTo(expected[i].score, 4);
    expect(h.normalizedScore).toBeCloseTo(expected[i].normalizedScore, 4);
  });
}

describeEachBackend('decoding', () => {
  let model: ReturnType<typeof tinyModel>;
  beforeAll(() => {
    model = tinyModel();
  });
  afterAll(() => model.dispose());

  it('beam search with one beam equals greedy decoding, batched or not', async () => {
    const state = model.initial(5);
    const starts = [0, 1, 2, 0, 1];
    const greedy = await greedyDecode(model.step, { startToken: starts, endToken: END, maxLength: 12, initialState: state });
    const beams = await beamSearch(model.step, { startToken: starts, endToken: END, maxLength: 12, initialState: state, beamSize: 1 });
    expect(new Set(greedy.map((g) => g.tokens.length)).size).toBeGreaterThan(2); // not a degenerate model
    beams.forEach((nBest, i) => {
      expect(nBest).toHaveLength(1);
      expect(nBest[0].tokens).toEqual(greedy[i].tokens);
      expect(nBest[0].finished).toBe(greedy[i].finished);
      expect(nBest[0].score).toBeCloseTo(greedy[i].score, 5);
    });
    state.h.dispose();
  });

  it('normalises by GNMT\'s ((5 + |Y|) / 6)^α, which reorders the n-best list', async () => {
    expect(lengthPenaltyFactor(7, 0.6)).toBeCloseTo(2 ** 0.6, 12);
    expect(lengthPenaltyFactor(3, 0)).toBe(1);
    const state = model.initial(1);
    const options = { startToken: 0, endToken: END, maxLength: 4, initialState: state, beamSize: 27 * VOCAB, nBest: 6 };
    const plain = await beamSearch(model.step, options);
    const penalised = await beamSearch(model.step, { ...options, lengthPenalty: 2 });
    expect(penalised.map((h) => h.tokens)).not.toEqual(plain.map((h) => h.tokens));
    penalised.forEach((h) => expect(h.normalizedScore).toBeCloseTo(h.score / ((5 + h.tokens.length + (h.finished ? 1 : 0)) / 6) ** 2, 5));
    state.h.dispose();
  });

  for (const alpha of [0, 0.8, -0.5]) {
    it(`a beam as wide as every extension returns brute force's n-best list (length penalty ${alpha})`, async () => {
      const maxLength = 4;
      const state = model.initial(1);
      const expected = await bruteForce(model.step, state, 0, maxLength, alpha);
      expect(expected).toHaveLength(1 + 3 + 9 + 27 + 81);
      const nBest = await beamSearch(model.step, {
        startToken: 0, endToken: END, maxLength, initialState: state, beamSize: 27 * VOCAB, nBest: 6, lengthPenalty: alpha,
      });
      expectSameHypotheses(nBest, expected.slice(0, 6));
      state.h.dispose();
    });
  }

  it('searches a batch in one step call per time step, as each sequence alone', async () => {
    const starts = [0, 2, 1];
    const state = model.initial(3);
    const options = { endToken: END, maxLength: 7, beamSize: 3, nBest: 2, lengthPenalty: 0.6 };
    model.resetCalls();
    const batched = await beamSearch(model.step, { ...options, startToken: starts, initialState: state });
    expect(model.calls.length).toBeLessThanOrEqual(options.maxLength);
    expect(model.calls[0].rows).toBe(3);
    expect(Math.max(...model.calls.map((c) => c.rows))).toBeLessThanOrEqual(3 * options.beamSize);
    for (let i = 0; i < starts.length; i++) {
      const row: TinyState = { h: tidy(() => state.h.slice(0, i, i + 1)), label: 'tiny' };
      const alone = await beamSearch(model.step, { ...options, startToken: starts[i], initialState: row });
      expectSameHypotheses(batched[i], alone);
      row.h.dispose();
    }
    state.h.dispose();
  });

  it('holds a flat tensor count while decoding and frees everything but the caller state', async () => {
    const state = model.initial(4);
    const before = memory().numTensors;
    for (const decode of [
      () => greedyDecode(model.step, { startToken: [0, 1, 2, 0], maxLength: 20, initialState: state }),
      () => beamSearch(model.step, { startToken: [0, 1, 2, 0], maxLength: 20, initialState: state, beamSize: 3 }),
      () => sample(model.step, { startToken: [0, 1, 2, 0], maxLength: 20, initialState: state, seed: 3 }),
    ]) {
      model.resetCalls();
      await decode();
      expect(model.calls).toHaveLength(20);
      // From the second step on, the live tensors are the model, the caller's state and one state.
      const counts = model.calls.slice(1).map((c) => c.numTensors);
      expect(new Set(counts).size).toBe(1);
      expect(memory().numTensors).toBe(before);
    }
    expect(state.h.isDisposed).toBe(false);
    state.h.dispose();
  });

  it('samples only from the top-k / top-p set, and every token of it', async () => {
    // A fixed next-token distribution whatever the state: probabilities 0.4, 0.25, 0.15, 0.1, 0.06, 0.04.
    const probs = [0.4, 0.25, 0.15, 0.1, 0.06, 0.04];
    const row = probs.map(Math.log);
    const step: StepFunction<Tensor> = (tokens, h) => ({ logProbs: add(mul(h, 0), tensor([row])).expand([tokens.length, probs.length]), state: h });
    const h = full([200, 1], 0);
    const cases: [Parameters<typeof samplingDistribution>[1], number[]][] = [
      [{ topK: 2 }, [0, 1]],
      [{ topP: 0.7 }, [0, 1, 2]],
      [{ topK: 5, topP: 0.9 }, [0, 1, 2, 3]],
      [{ topK: 1 }, [0]],
      [{ temperature: 3, topK: 4 }, [0, 1, 2, 3]],
    ];
    for (const [options, allowed] of cases) {
      expect(samplingDistribution(Float32Array.from(row), options).tokens).toEqual(allowed);
      const out = await sample(step, { startToken: Array(200).fill(0), maxLength: 5, initialState: h, seed: 1, ...options });
      const drawn = new Set(out.flatMap((s) => s.tokens));
      expect([...drawn].sort()).toEqual(allowed);
    }
    h.dispose();
  });

  it('follows the renormalised probabilities, with temperature applied first', () => {
    const row = Float32Array.from([0.4, 0.25, 0.15, 0.1, 0.06, 0.04].map(Math.log));
    const { tokens, probs } = samplingDistribution(row, { temperature: 2, topK: 3 });
    const tempered = [0, 1, 2].map((v) => Math.exp(row[v] / 2));
    const total = tempered.reduce((s, p) => s + p, 0);
    expect(tokens).toEqual([0, 1, 2]);
    probs.forEach((p, i) => expect(p).toBeCloseTo(tempered[i] / total, 6));
  });

  it('is reproducible from its seed, and temperature 0 (or nearly) is greedy', async () => {
    const state = model.initial(6);
    const starts = [0, 1, 2, 0, 1, 2];
    const options = { startToken: starts, endToken: END, maxLength: 15, initialState: state };
    const first = await sample(model.step, { ...options, seed: 5 });
    expect(await sample(model.step, { ...options, seed: 5 })).toEqual(first);
    expect(await sample(model.step, { ...options, seed: 6 })).not.toEqual(first);
    const greedy = await greedyDecode(model.step, options);
    for (const temperature of [0, 1e-3]) {
      const cold = await sample(model.step, { ...options, temperature, seed: 9 });
      expect(cold.map((s) => s.tokens)).toEqual(greedy.map((g) => g.tokens));
      cold.forEach((s, i) => expect(s.score).toBeCloseTo(greedy[i].score, 5));
    }
    state.h.dispose();
  });

  it('rejects bad options and bad step outputs by name, and leaks nothing', async () => {
    const state = model.initial(1);
    const base = { startToken: 0, endToken: END, maxLength: 5, initialState: state };
    const before = memory().numTensors;
    await expect(beamSearch(model.step, { ...base, beamSize: 2, nBest: 3 })).rejects.toThrow('beamSearch: nBest (3) must be at most beamSize (2)');
    await expect(greedyDecode(model.step, { ...base, maxLength: 0 })).rejects.toThrow('greedyDecode: maxLength must be an integer >= 1, got 0');
    await expect(sample(model.step, { ...base, topP: 0 })).rejects.toThrow('sample: topP must be in (0, 1], got 0');
    await expect(sample(model.step, { ...base, endToken: 9 })).rejects.toThrow('sample: endToken 9 is outside the step function\'s vocabulary of 4 tokens');
    await expect(greedyDecode(model.step, { ...base, startToken: [] })).rejects.toThrow('greedyDecode: startToken must be a token index');
    // A step that returns the wrong shape on its second call, after the state has moved on.
    let calls = 0;
    const broken: StepFunction<TinyState> = (tokens, s) => {
      const out = model.step(tokens, s);
      return ++calls === 2 ? { logProbs: out.logProbs.slice(1, 0, 2), state: out.state } : out;
    };
    await expect(beamSearch(broken, { ...base, beamSize: 2 })).rejects.toThrow('beamSearch: the step function must return logProbs of shape [2, 4] (float32, one row per token), got float32 [2,2]');
    expect(memory().numTensors).toBe(before);
    state.h.dispose();
  });
});
