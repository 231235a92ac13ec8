// Runs the PyTorch cases of fixtures/rnn.json (written by fixtures/generate.py): builds the
// Tessera module, loads PyTorch's state, runs the (optionally packed) input with the given
// state, and compares every output and the gradients of the input, the state and every parameter.
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { add, memory, mul, sum, tidy, type Tensor } from '@tessera/core';
import { backward } from '@tessera/autograd';
import { loadSafetensors, type Module } from '@tessera/layers';
import { decodeTensor, expectClose, type TensorSpec } from '../../../tooling/parity';
import * as rnn from '../src/index';

const ATOL = 1e-4;
const RTOL = 1e-3;
const GRAD_RTOL = 2e-3;

/** One case of rnn.json (see generate.py for the fields). */
export interface RecurrentCase {
  name: string;
  module: string;
  args: number[];
  options: Record<string, unknown>;
  state: Record<string, TensorSpec> | string;
  input: TensorSpec;
  hx: TensorSpec[] | null;
  packed: { lengths: number[]; enforceSorted: boolean } | null;
  outputs: TensorSpec[];
  upstreams: TensorSpec[];
  grads: Record<string, TensorSpec>;
}

const fixture = JSON.parse(readFileSync(new URL('./fixtures/rnn.json', import.meta.url), 'utf8')) as { cases: RecurrentCase[] };

/** The cases whose Tessera module is one of `modules`. */
export function cases(...modules: string[]): RecurrentCase[] {
  return fixture.cases.filter((c) => modules.includes(c.module));
}

/** Loads a case's PyTorch state (inline, or a safetensors file next to the fixture) into `m`. */
export function loadState(m: Module, state: RecurrentCase['state']): void {
  const sd = typeof state === 'string'
    ? loadSafetensors(readFileSync(new URL(`./fixtures/${state}`, import.meta.url)))
    : Object.fromEntries(Object.entries(state).map(([k, s]) => [k, decodeTensor(s)]));
  m.loadStateDict(sd);
  for (const t of Object.values(sd)) t.dispose();
}

/** Builds a case's module with PyTorch's state loaded. */
export function buildModule(c: RecurrentCase): Module {
  const Layer = (rnn as unknown as Record<string, new (...args: unknown[]) => Module>)[c.module];
  const m = new Layer(...c.args, c.options);
  loadState(m, c.state);
  return m;
}

/** Every tensor in a nested result, in order: `[out, [h, c]]` → `[out, h, c]`. */
function flatten(value: unknown): Tensor[] {
  return Array.isArray(value) ? value.flatMap(flatten) : [value as Tensor];
}

/** Runs a case's module on its input: packs and unpacks around it when the case is packed. */
function forward(m: Module, c: RecurrentCase, x: Tensor, hx: Tensor[]): Tensor[] {
  const state = hx.length === 0 ? null : hx.length === 1 ? hx[0] : hx;
  if (!c.packed) return flatten(state ? m.call(x, state) : m.call(x));
  return tidy(() => {
    const batchFirst = c.options.batchFirst === true;
    const packed = rnn.packPaddedSequence(x, c.packed!.lengths, { batchFirst, enforceSorted: c.packed!.enforceSorted });
    const [out, final] = m.call(packed, state);
    const [padded] = rnn.padPackedSequence(out, { batchFirst });
    return [padded, ...flatten(final)];
  });
}

async function compare(what: string, actual: Tensor | null, want: TensorSpec, rtol: number): Promise<void> {
  expect(actual, what).not.toBeNull();
  await expectClose(actual as Tensor, want, ATOL, rtol).catch((e: Error) => {
    throw new Error(`${what}: ${e.message}`);
  });
}

/** Runs one case on the active backend: outputs and every gradient; leaves no tensor behind. */
export async function runCase(c: RecurrentCase): Promise<void> {
  const before = memory().numTensors;
  const m = buildModule(c);
  const x = decodeTensor(c.input);
  const hx = (c.hx ?? []).map(decodeTensor);
  for (const t of [x, ...hx]) t.requiresGrad = true;
  const outs = forward(m, c, x, hx);
  expect(outs.length).toBe(c.outputs.length);
  for (const [i, want] of c.outputs.entries()) await compare(`output ${i}`, outs[i], want, RTOL);
  const upstreams = c.upstreams.map(decodeTensor);
  const loss = tidy(() => outs.map((o, i) => sum(mul(o, upstreams[i]))).reduce((a, b) => add(a, b)));
  backward(loss);
  const leaves = new Map<string, Tensor>([['input', x], ...hx.map((h, i): [string, Tensor] => [['h_0', 'c_0'][i], h]), ...m.namedParameters()]);
  expect([...leaves.keys()]).toEqual(Object.keys(c.grads));
  for (const [key, want] of Object.entries(c.grads)) await compare(`gradient of ${key}`, leaves.get(key)!.grad, want, GRAD_RTOL);
  for (const t of [loss, ...outs, ...upstreams, x.grad, ...hx.map((h) => h.grad), x, ...hx]) t?.dispose();
  m.dispose();
  expect(memory().numTensors).toBeLessThanOrEqual(before); // webgpu may finalise earlier cases' tensors meanwhile
}
