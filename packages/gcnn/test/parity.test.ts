// gcnn's layers against PyTorch (fixtures/generate_gcnn.py): lifting and group convolutions
// against a reference built from torch.rot90 / flip and conv2d, GroupBatchNorm against
// BatchNorm3d, and the advection-diffusion block; outputs, input and parameter gradients.
import { readFileSync } from 'node:fs';
import { beforeAll, expect, it } from 'vitest';
import { memory, type Tensor } from '@tessera/core';
import { backward, enableAutograd } from '@tessera/autograd';
import type { Module } from '@tessera/layers';
import { decodeTensor, describeEachBackend, expectNamedClose, type TensorSpec } from '../../../tooling/parity';
import * as gcnn from '../src/index';

const ATOL = 1e-4;
const RTOL = 2e-3;

interface LayerCase {
  name: string;
  layer: string;
  args: unknown[];
  options: Record<string, unknown> | null;
  state: Record<string, TensorSpec>;
  inputs: TensorSpec[];
  output: TensorSpec;
  upstream: TensorSpec;
  grads: Record<string, TensorSpec>;
  stateAfter?: Record<string, TensorSpec>;
}

const fixture = JSON.parse(readFileSync(new URL('./fixtures/gcnn.json', import.meta.url), 'utf8')) as { cases: LayerCase[] };
const layers = gcnn as unknown as Record<string, new (...args: unknown[]) => Module>;

async function expectNamed(key: string, actual: Tensor, want: TensorSpec): Promise<void> {
  await expectNamedClose(key, actual, want, ATOL, RTOL);
}

beforeAll(() => {
  enableAutograd();
});

describeEachBackend('gcnn layers match PyTorch', () => {
  it('covers every layer', () => {
    const covered = new Set(fixture.cases.map((c) => c.layer));
    expect(['LiftingConv2d', 'GroupConv2d', 'GroupBatchNorm', 'AdvectionDiffusionBlock'].filter((l) => !covered.has(l))).toEqual([]);
  });

  for (const c of fixture.cases) {
    it(c.name, async () => {
      const before = memory().numTensors;
      const m = new layers[c.layer](...c.args, ...(c.options ? [c.options] : []));
      expect(Object.keys(m.stateDict())).toEqual(Object.keys(c.state));
      const state = Object.fromEntries(Object.entries(c.state).map(([k, s]) => [k, decodeTensor(s)]));
      m.loadStateDict(state);
      for (const t of Object.values(state)) t.dispose();
      const x = decodeTensor(c.inputs[0]);
      x.requiresGrad = true;
      const out = m.call(x) as Tensor;
      await expectNamed('output', out, c.output);
      const upstream = decodeTensor(c.upstream);
      backward(out, upstream);
      const params = new Map(m.namedParameters());
      expect(['input0', ...params.keys()]).toEqual(Object.keys(c.grads));
      for (const [key, want] of Object.entries(c.grads)) {
        const leaf = key === 'input0' ? x : (params.get(key) as Tensor);
        expect(leaf.grad, `gradient of ${key}`).not.toBeNull();
        await expectNamed(`gradient of ${key}`, leaf.grad as Tensor, want);
      }
      const after = m.stateDict();
      for (const [key, want] of Object.entries(c.stateAfter ?? {})) await expectNamed(key, after[key], want);
      for (const t of [out, upstream, x.grad, x]) t?.dispose();
      m.dispose();
      expect(memory().numTensors).toBeLessThanOrEqual(before);
    });
  }
});
