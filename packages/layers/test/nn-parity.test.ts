// Every layer against PyTorch (fixtures/generate_nn.py): outputs, gradients of the inputs and
// of every parameter, and running statistics after the step, in train and eval mode, on every
// backend in TESSERA_BACKENDS. Also: a PyTorch state_dict loaded into a Sequential model.
import { readFileSync } from 'node:fs';
import { beforeAll, expect, it } from 'vitest';
import { memory, type Tensor } from '@tessera/core';
import { backward, enableAutograd, noGrad } from '@tessera/autograd';
import { decodeTensor, describeEachBackend, expectClose, expectNamedClose, type TensorSpec } from '../../../tooling/parity';
import * as nn from '../src/nn/index';

const ATOL = 1e-4;
const RTOL = 2e-3;

interface LayerCase {
  name: string;
  layer: string;
  args: unknown[];
  options: Record<string, unknown> | null;
  mode: 'train' | 'eval';
  state: Record<string, TensorSpec>;
  inputs: TensorSpec[];
  output: TensorSpec;
  upstream: TensorSpec;
  grads: Record<string, TensorSpec>;
  stateAfter: Record<string, TensorSpec>;
}

interface StateDictCase {
  stateDict: Record<string, TensorSpec>;
  input: TensorSpec;
  evalOutput: TensorSpec;
  trainOutput: TensorSpec;
  stateAfterTrain: Record<string, TensorSpec>;
}

const fixture = JSON.parse(readFileSync(new URL('./fixtures/nn.json', import.meta.url), 'utf8')) as {
  cases: LayerCase[];
  stateDict: StateDictCase;
};

type LayerClass = new (...args: any[]) => nn.Module;
const layers = nn as unknown as Record<string, LayerClass>;

function build(c: LayerCase): nn.Module {
  const Layer = layers[c.layer];
  return new Layer(...c.args, ...(c.options ? [c.options] : []));
}

function decodeState(specs: Record<string, TensorSpec>): Record<string, Tensor> {
  return Object.fromEntries(Object.entries(specs).map(([k, s]) => [k, decodeTensor(s)]));
}

function load(m: nn.Module, specs: Record<string, TensorSpec>): void {
  const sd = decodeState(specs);
  m.loadStateDict(sd);
  for (const t of Object.values(sd)) t.dispose();
}

async function expectState(m: nn.Module, specs: Record<string, TensorSpec>): Promise<void> {
  const sd = m.stateDict();
  expect(Object.keys(sd)).toEqual(Object.keys(specs));
  for (const [k, s] of Object.entries(specs)) await expectNamedClose(k, sd[k], s, ATOL, RTOL);
}

beforeAll(() => {
  enableAutograd();
});

describeEachBackend('nn layers match PyTorch', () => {
  it('covers every layer', () => {
    const covered = new Set(fixture.cases.map((c) => c.layer));
    const expected = [
      'Linear', 'Bilinear', 'Conv1d', 'Conv2d', 'ConvTranspose2d', 'MaxPool2d', 'AvgPool2d', 'AdaptiveAvgPool2d',
      'BatchNorm1d', 'BatchNorm2d', 'LayerNorm', 'GroupNorm', 'Dropout', 'Embedding', 'Flatten', 'Identity',
      'ReLU', 'GELU', 'Tanh', 'Sigmoid', 'SiLU', 'Softmax', 'LeakyReLU', 'ELU',
    ];
    expect(expected.filter((name) => !covered.has(name))).toEqual([]);
  });

  for (const c of fixture.cases) {
    it(c.name, async () => {
      const before = memory().numTensors;
      const m = build(c);
      expect(Object.keys(m.stateDict())).toEqual(Object.keys(c.state));
      load(m, c.state);
      m.train(c.mode === 'train');
      const inputs = c.inputs.map(decodeTensor);
      for (const x of inputs) x.requiresGrad = x.dtype === 'float32';
      const out = m.call(...inputs) as Tensor;
      await expectClose(out, c.output);
      const upstream = decodeTensor(c.upstream);
      backward(out, upstream);
      const params = new Map(m.namedParameters());
      const gradKeys = [...inputs.keys()].filter((i) => inputs[i].requiresGrad).map((i) => `input${i}`);
      expect([...gradKeys, ...params.keys()]).toEqual(Object.keys(c.grads));
      for (const [key, want] of Object.entries(c.grads)) {
        const leaf = key.startsWith('input') ? inputs[Number(key.slice(5))] : (params.get(key) as Tensor);
        expect(leaf.grad, `gradient of ${key}`).not.toBeNull();
        await expectNamedClose(`gradient of ${key}`, leaf.grad, want, ATOL, RTOL);
      }
      await expectState(m, c.stateAfter);
      for (const t of [out, upstream, ...inputs.map((x) => x.grad), ...inputs]) t?.dispose();
      m.dispose();
      expect(memory().numTensors).toBeLessThanOrEqual(before);
    });
  }

  it('loads a PyTorch state_dict into a Sequential model unchanged', async () => {
    const before = memory().numTensors;
    const s = fixture.stateDict;
    const model = new nn.Sequential(
      new nn.Conv2d(2, 4, 3, { padding: 1 }),
      new nn.BatchNorm2d(4),
      new nn.ReLU(),
      new nn.MaxPool2d(2),
      new nn.Flatten(),
      new nn.Linear(4 * 3 * 3, 5),
      new nn.Tanh(),
      new nn.Linear(5, 3),
    );
    expect(Object.keys(model.stateDict())).toEqual(Object.keys(s.stateDict));
    load(model, s.stateDict);
    const x = decodeTensor(s.input);
    const evalOut = noGrad(() => model.eval().call(x));
    await expectClose(evalOut, s.evalOutput);
    const trainOut = noGrad(() => model.train().call(x));
    await expectClose(trainOut, s.trainOutput);
    await expectState(model, s.stateAfterTrain);
    for (const t of [x, evalOut, trainOut]) t.dispose();
    model.dispose();
    expect(memory().numTensors).toBe(before);
  });
});
