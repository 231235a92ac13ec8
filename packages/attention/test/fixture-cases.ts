// Runs the PyTorch cases of fixtures/attention.json (written by fixtures/generate_attention.py):
// function cases call a Tessera function, module cases build a layer, load PyTorch's state and
// call it; both compare every output and the gradients of every float input and parameter.
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { add, memory, mul, sum, tidy, type Tensor } from '@tessera/core';
import { backward } from '@tessera/autograd';
import { loadSafetensors, type Module } from '@tessera/layers';
import { decode, decodeTensor, expectNamedClose, type TensorSpec } from '../../../tooling/parity';
import * as attention from '../src/index';

const ATOL = 1e-4;
const RTOL = 1e-3;
const GRAD_RTOL = 2e-3;

/** A function case: a Tessera function, its inputs and options, PyTorch's outputs and gradients. */
export interface FunctionCase {
  name: string;
  fn: string;
  args?: unknown[];
  positions?: number[];
  inputs: TensorSpec[];
  options: Record<string, unknown>;
  outputs: TensorSpec[];
  upstreams: TensorSpec[] | null;
  grads: Record<string, TensorSpec> | null;
}

/** A module case: a Tessera layer, its state from PyTorch, inputs, forward options, outputs and gradients. */
export interface ModuleCase {
  name: string;
  module: string;
  args: unknown[];
  options: Record<string, unknown> | null;
  state: Record<string, TensorSpec> | string;
  inputs: TensorSpec[];
  forwardOptions: Record<string, unknown>;
  outputs: TensorSpec[];
  upstreams: TensorSpec[];
  grads: Record<string, TensorSpec>;
}

const fixture = JSON.parse(readFileSync(new URL('./fixtures/attention.json', import.meta.url), 'utf8')) as {
  functions: FunctionCase[];
  modules: ModuleCase[];
};

/** The function cases for `fn`. */
export function functionCases(fn: string): FunctionCase[] {
  return fixture.functions.filter((c) => c.fn === fn);
}

/** The module cases for the layer class `module`. */
export function moduleCases(module: string): ModuleCase[] {
  return fixture.modules.filter((c) => c.module === module);
}

const api = attention as unknown as Record<string, any>;

async function expectGrad(name: string, leaf: Tensor, want: TensorSpec): Promise<void> {
  expect(leaf.grad, `gradient of ${name}`).not.toBeNull();
  await expectNamedClose(`gradient of ${name}`, leaf.grad, want, ATOL, GRAD_RTOL);
}

async function expectOutputs(outs: Tensor[], c: { outputs: TensorSpec[] }): Promise<void> {
  expect(outs.length).toBe(c.outputs.length);
  for (const [i, want] of c.outputs.entries()) {
    await expectNamedClose(`output ${i}`, outs[i], want, ATOL, RTOL);
  }
}

/** Backpropagates sum(out_i · upstream_i) over every output, as torch.autograd.backward(outs, upstreams). */
function backwardAll(outs: Tensor[], upstreams: Tensor[]): void {
  const loss = tidy(() => outs.map((o, i) => sum(mul(o, upstreams[i]))).reduce((a, b) => add(a, b)));
  backward(loss);
  loss.dispose();
}

function asList(out: Tensor | (Tensor | null)[]): Tensor[] {
  return (Array.isArray(out) ? out : [out]).filter((t): t is Tensor => t !== null);
}

/** Runs a function case on the active backend; leaves no tensor behind. */
export async function runFunctionCase(c: FunctionCase): Promise<void> {
  const before = memory().numTensors;
  const created: Tensor[] = [];
  const inputs = c.inputs.map(decodeTensor);
  for (const x of inputs) x.requiresGrad = c.grads !== null && x.dtype === 'float32';
  const options = decode(c.options, created) as Record<string, unknown>;
  const leading = c.positions ? [c.positions] : (c.args ?? []);
  const outs = asList(api[c.fn](...inputs, ...leading, options));
  await expectOutputs(outs, c);
  const upstreams = (c.upstreams ?? []).map(decodeTensor);
  if (c.grads) {
    backwardAll(outs, upstreams);
    for (const [key, want] of Object.entries(c.grads)) await expectGrad(key, inputs[Number(key.slice(5))], want);
  }
  for (const t of [...outs, ...upstreams, ...created, ...inputs.map((x) => x.grad), ...inputs]) t?.dispose();
  expect(memory().numTensors).toBe(before);
}

const safetensors = new Map<string, Uint8Array>();

function loadState(m: Module, state: ModuleCase['state']): void {
  let sd: Record<string, Tensor>;
  if (typeof state === 'string') {
    if (!safetensors.has(state)) safetensors.set(state, readFileSync(new URL(`./fixtures/${state}`, import.meta.url)));
    sd = loadSafetensors(safetensors.get(state) as Uint8Array);
  } else {
    sd = Object.fromEntries(Object.entries(state).map(([k, s]) => [k, decodeTensor(s)]));
  }
  m.loadStateDict(sd);
  for (const t of Object.values(sd)) t.dispose();
}

/** Builds the case's layer, loads PyTorch's state, compares outputs and gradients; leaves no tensor behind. */
export async function runModuleCase(c: ModuleCase): Promise<void> {
  const before = memory().numTensors;
  const Layer = api[c.module] as new (...args: unknown[]) => Module;
  const m = new Layer(...c.args, ...(c.options ? [c.options] : []));
  loadState(m, c.state);
  const created: Tensor[] = [];
  const inputs = c.inputs.map(decodeTensor);
  for (const x of inputs) x.requiresGrad = x.dtype === 'float32';
  const options = decode(c.forwardOptions, created) as Record<string, unknown>;
  const outs = asList(m.call(...inputs, ...(Object.keys(options).length > 0 ? [options] : [])));
  await expectOutputs(outs, c);
  const upstreams = c.upstreams.map(decodeTensor);
  backwardAll(outs, upstreams);
  const params = new Map(m.namedParameters());
  const inputKeys = inputs.map((_, i) => `input${i}`);
  expect([...inputKeys, ...params.keys()]).toEqual(Object.keys(c.grads));
  for (const [key, want] of Object.entries(c.grads)) {
    await expectGrad(key, key.startsWith('input') ? inputs[Number(key.slice(5))] : (params.get(key) as Tensor), want);
  }
  for (const t of [...outs, ...upstreams, ...created, ...inputs.map((x) => x.grad), ...inputs]) t?.dispose();
  m.dispose();
  expect(memory().numTensors).toBe(before);
}
