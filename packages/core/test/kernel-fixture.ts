// The kernel-level PyTorch fixture (fixtures/js-kernels.json, written by
// fixtures/generate_js_kernels.py) and the value comparison the kernel tests share.
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { decodeNumber, type TensorSpec } from '../../../tooling/parity';
import { allocArray, type DType, type TypedArray } from '../src/dtype';
import type { KernelName, OutputInfo } from '../src/kernels';

/** One kernel call: its inputs (null for an absent optional one), attributes and output. */
export interface KernelCase {
  name: string;
  kernel: KernelName;
  inputs: (TensorSpec | null)[];
  attrs: Record<string, unknown>;
  out: OutputInfo;
  expected?: TensorSpec;
  error?: string;
}

export const kernelFixture: { cases: KernelCase[]; erf: { x: number[]; erf: number[] } } = JSON.parse(
  readFileSync(new URL('./fixtures/js-kernels.json', import.meta.url), 'utf8'),
);

/** A fixture tensor's values as a typed array of its dtype. */
export function decodeArray(spec: TensorSpec): TypedArray {
  const values = allocArray(spec.dtype as DType, spec.data.length);
  spec.data.forEach((v, i) => (values[i] = decodeNumber(v)));
  return values;
}

/** Floats pass when |a − e| <= atol + rtol·|e|; NaN matches NaN; other values must be equal. */
export function expectValues(actual: TypedArray, want: ArrayLike<number>, dtype: DType, atol = 1e-4, rtol = 1e-3): void {
  expect(actual.length).toBe(want.length);
  const bad: string[] = [];
  for (let i = 0; i < want.length && bad.length < 5; i++) {
    const a = actual[i];
    const e = want[i];
    const ok =
      Number.isNaN(e) || Number.isNaN(a) ? Number.isNaN(e) && Number.isNaN(a)
        : dtype !== 'float32' || !Number.isFinite(e) ? a === e
          : Math.abs(a - e) <= atol + rtol * Math.abs(e);
    if (!ok) bad.push(`[${i}] got ${a}, expected ${e}`);
  }
  expect(bad, 'values differ (first 5 shown)').toEqual([]);
}
