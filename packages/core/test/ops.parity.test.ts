// Every op of CORE_API.md against PyTorch: runs each case of fixtures/ops.json (written by
// fixtures/generate_ops.py) on every backend in TESSERA_BACKENDS, one test per case.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { decode, describeEachBackend, expectClose, type ResultSpec, type TensorSpec } from '../../../tooling/parity';
import * as core from '../src/index';
import type { Tensor } from '../src/index';

interface OpCase {
  name: string;
  op: string;
  args: unknown[];
  expected?: ResultSpec;
  error?: string;
  expectedRunning?: { mean: TensorSpec; var: TensorSpec };
}

const cases: OpCase[] = JSON.parse(readFileSync(new URL('./fixtures/ops.json', import.meta.url), 'utf8'));
const ops = core as unknown as Record<string, ((...args: unknown[]) => unknown) | undefined>;

/** Runs a case that must throw and checks the message names the op and the fixture's key word. */
function expectOpError(c: OpCase, fn: (...args: unknown[]) => unknown, args: unknown[], outputs: Set<Tensor>): void {
  let message: string | undefined;
  try {
    const out = fn(...args);
    if (out instanceof core.Tensor) outputs.add(out);
  } catch (e) {
    message = e instanceof Error ? e.message : String(e);
  }
  expect(message, `${c.op} did not throw`).toBeDefined();
  expect(message).toContain(c.op);
  expect(message).toContain(c.error);
}

async function expectResult(c: OpCase, out: unknown, args: unknown[], outputs: Set<Tensor>): Promise<void> {
  const expected = c.expected as ResultSpec;
  if ('list' in expected) {
    expect(Array.isArray(out), `${c.op} should return an array of tensors`).toBe(true);
    const list = out as Tensor[];
    list.forEach((t) => outputs.add(t));
    expect(list.length, 'number of tensors returned').toBe(expected.list.length);
    for (let i = 0; i < list.length; i++) await expectClose(list[i], expected.list[i]);
    return;
  }
  expect(out, `${c.op} should return a Tensor`).toBeInstanceOf(core.Tensor);
  outputs.add(out as Tensor);
  await expectClose(out as Tensor, expected);
  if (c.expectedRunning) {
    await expectClose(args[1] as Tensor, c.expectedRunning.mean);
    await expectClose(args[2] as Tensor, c.expectedRunning.var);
  }
}

describeEachBackend('ops match PyTorch', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const fn = ops[c.op];
      expect(typeof fn, `core.${c.op} is not exported`).toBe('function');
      const created: Tensor[] = [];
      const outputs = new Set<Tensor>();
      try {
        // A null positional argument stands for an omitted one (JSON has no undefined).
        const args = c.args.map((a) => (a === null ? undefined : decode(a, created)));
        if (c.error !== undefined) expectOpError(c, fn!, args, outputs);
        else await expectResult(c, fn!(...args), args, outputs);
      } finally {
        for (const t of new Set([...created, ...outputs])) if (!t.isDisposed) t.dispose();
      }
    });
  }
});
