// Runs the PyTorch cases of fixtures/transformer.json (written by fixtures/generate.py): each
// builds a Tessera module as the case says, loads PyTorch's state_dict (inline or from a
// safetensors file), and compares the output and the gradients of every input and parameter.
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { memory, mul, sum, tidy, type Tensor } from '@tessera/core';
import { backward } from '@tessera/autograd';
import { LayerNorm, loadSafetensors, type Module } from '@tessera/layers';
import { decode, decodeTensor, expectNamedClose, type TensorSpec } from '../../../tooling/parity';
import * as transformer from '../src/index';

const ATOL = 1e-4;
const RTOL = 1e-3;
const GRAD_RTOL = 2e-3;

/** How a case constructs its module: a class with arguments and options, or a stack of a layer. */
interface Build {
  module: string;
  args?: unknown[];
  options?: Record<string, unknown>;
  layer?: Build;
  numLayers?: number;
  norm?: boolean;
}

/** One PyTorch case. */
export interface FixtureCase {
  name: string;
  build: Build;
  state: Record<string, TensorSpec> | string;
  inputs: TensorSpec[];
  forwardOptions: Record<string, unknown>;
  outputs: TensorSpec[];
  upstreams: TensorSpec[];
  grads: Record<string, TensorSpec>;
}

/** The fixture file's cases. */
export const cases = (JSON.parse(readFileSync(new URL('./fixtures/transformer.json', import.meta.url), 'utf8')) as { cases: FixtureCase[] }).cases;

const api = transformer as unknown as Record<string, new (...args: any[]) => Module>;

/** Constructs the module a case describes (a stack's template layer is disposed after copying). */
function build(b: Build): Module {
  if (b.layer) {
    const layer = build(b.layer);
    const dModel = (b.layer.args as number[])[0];
    const stack = new api[b.module](layer, b.numLayers, { norm: b.norm ? new LayerNorm(dModel) : null });
    layer.dispose();
    return stack;
  }
  return new api[b.module](...(b.args ?? []), b.options ?? {});
}

/** Reads a fixture file's bytes (test/fixtures/name). */
export function fixtureBytes(name: string): Uint8Array {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
}

function loadState(m: Module, state: FixtureCase['state']): void {
  const sd = typeof state === 'string' ? loadSafetensors(fixtureBytes(state)) : Object.fromEntries(Object.entries(state).map(([k, s]) => [k, decodeTensor(s)]));
  m.loadStateDict(sd);
  for (const t of Object.values(sd)) t.dispose();
}

/** Builds the case's module, loads PyTorch's state, compares output and gradients; leaves no tensor behind. */
export async function runCase(c: FixtureCase): Promise<void> {
  const before = memory().numTensors;
  const m = build(c.build);
  loadState(m, c.state);
  const created: Tensor[] = [];
  const inputs = c.inputs.map(decodeTensor);
  for (const x of inputs) x.requiresGrad = true;
  const options = decode(c.forwardOptions, created) as Record<string, unknown>;
  const out = (m.call as (...args: unknown[]) => Tensor)(...inputs, options);
  await expectNamedClose('output', out, c.outputs[0], ATOL, RTOL);
  const upstream = decodeTensor(c.upstreams[0]);
  const loss = tidy(() => sum(mul(out, upstream)));
  backward(loss);
  const params = new Map(m.namedParameters());
  expect([...inputs.map((_, i) => `input${i}`), ...params.keys()].sort()).toEqual(Object.keys(c.grads).sort());
  for (const [key, want] of Object.entries(c.grads)) {
    const leaf = key.startsWith('input') ? inputs[Number(key.slice(5))] : (params.get(key) as Tensor);
    await expectNamedClose(`gradient of ${key}`, leaf.grad, want, ATOL, GRAD_RTOL);
  }
  for (const t of [loss, out, upstream, ...created, ...inputs.map((x) => x.grad), ...inputs]) t?.dispose();
  m.dispose();
  expect(memory().numTensors).toBeLessThanOrEqual(before); // webgpu may finalise earlier cases' tensors meanwhile
}
