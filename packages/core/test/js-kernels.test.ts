// The js backend's kernels called directly, below the op layer, against PyTorch: runs every
// case of fixtures/js-kernels.json (written by fixtures/generate_js_kernels.py), checks the
// output's dtype, length and values, and that no input was modified.
import { describe, expect, it } from 'vitest';
import type { TensorSpec } from '../../../tooling/parity';
import type { DType, TypedArray } from '../src/dtype';
import type { KernelName, OutputInfo, TensorInfo } from '../src/kernels';
import { argReduce } from '../src/backends/js/arg-reduce';
import { binary } from '../src/backends/js/binary';
import { cast } from '../src/backends/js/cast';
import { concat } from '../src/backends/js/concat';
import { conv2d } from '../src/backends/js/conv2d';
import { convTranspose2d } from '../src/backends/js/conv-transpose2d';
import { cumsum } from '../src/backends/js/cumsum';
import { gather } from '../src/backends/js/gather';
import { indexSelect } from '../src/backends/js/index-select';
import { matmul } from '../src/backends/js/matmul';
import { pad } from '../src/backends/js/pad';
import { reduce } from '../src/backends/js/reduce';
import { erf } from '../src/backends/js/scalar-math';
import { scatterReduce } from '../src/backends/js/scatter-reduce';
import { softmax } from '../src/backends/js/softmax';
import { stridedCopy } from '../src/backends/js/strided-copy';
import { unary } from '../src/backends/js/unary';
import { where } from '../src/backends/js/where';
import { decodeArray, expectValues, kernelFixture, type KernelCase } from './kernel-fixture';

type AnyKernel = (inputs: (TensorInfo<TypedArray> | undefined)[], attrs: unknown, out: OutputInfo) => TypedArray;
const kernels = {
  unary, binary, where, cast, reduce, argReduce, cumsum, matmul, stridedCopy, concat, pad, gather, indexSelect,
  scatterReduce, softmax, conv2d, convTranspose2d,
} as unknown as Record<KernelName, AnyKernel>;


const CONSTRUCTORS: Record<DType, unknown> = { float32: Float32Array, int32: Int32Array, bool: Uint8Array };

describe('js kernels match PyTorch', () => {
  const byKernel = new Map<KernelName, KernelCase[]>();
  for (const c of kernelFixture.cases) byKernel.set(c.kernel, [...(byKernel.get(c.kernel) ?? []), c]);

  it('covers every kernel', () => {
    expect([...byKernel.keys()].sort()).toEqual(Object.keys(kernels).sort());
  });

  for (const [name, cases] of byKernel) {
    describe(name, () => {
      for (const c of cases) {
        it(c.name, () => {
          const inputs = c.inputs.map((spec) => (spec === null ? undefined : { shape: spec.shape, dtype: spec.dtype, handle: decodeArray(spec) }));
          const before = inputs.map((info) => info?.handle.slice());
          const run = () => kernels[c.kernel](inputs, c.attrs, c.out);
          if (c.error !== undefined) {
            expect(run).toThrow(c.error);
            return;
          }
          const result = run();
          expect(result).toBeInstanceOf(CONSTRUCTORS[c.out.dtype]);
          expect(inputs.every((info) => info?.handle !== result)).toBe(true);
          expectValues(result, decodeArray(c.expected as TensorSpec), c.out.dtype);
          inputs.forEach((info, i) => expect(info?.handle).toEqual(before[i]));
        });
      }
    });
  }
});

describe('scalar erf', () => {
  it('matches math.erf to 1e-14 on a dense grid up to |x| = 30', () => {
    const { x, erf: want } = kernelFixture.erf;
    let worst = 0;
    for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(erf(x[i]) - want[i]));
    expect(worst).toBeLessThan(1e-14);
  });

  it('keeps the sign of zero and maps NaN and infinities', () => {
    expect(Object.is(erf(-0), -0)).toBe(true);
    expect(erf(NaN)).toBeNaN();
    expect(erf(Infinity)).toBe(1);
    expect(erf(-Infinity)).toBe(-1);
  });
});
