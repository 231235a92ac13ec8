// The wasm backend's kernels called directly, below the op layer: first on every case of
// the js kernels' PyTorch fixture (fixtures/js-kernels.json), then against the js backend
// on random inputs large enough to reach the paths small fixtures miss (matmul packing
// edges and threads, im2col chunks, vector loops and their tails).
import { describe, expect, it } from 'vitest';
import type { TensorSpec } from '../../../tooling/parity';
import type { DType, TypedArray } from '../src/dtype';
import type { KernelName, OutputInfo, UnaryOp, BinaryOp } from '../src/kernels';
import { jsBackend } from '../src/backends/js/index';
import { setThreads, wasmBackendSync } from '../src/backends/wasm/index';
import { sizeOf } from '../src/shape';
import { decodeArray, expectValues, kernelFixture } from './kernel-fixture';

const wasm = wasmBackendSync();
const js = jsBackend();

type Info = { shape: number[]; dtype: DType; values: TypedArray };
type AnyKernel = (inputs: unknown[], attrs: unknown, out: OutputInfo) => unknown;

/** Runs a kernel on a backend with host inputs and returns the host output. */
function run(backend: typeof wasm | typeof js, kernel: KernelName, inputs: (Info | undefined)[], attrs: unknown, out: OutputInfo): TypedArray {
  const infos = inputs.map((t) => (t ? { shape: t.shape, dtype: t.dtype, handle: backend.upload(t.values, t.dtype) } : undefined));
  try {
    const handle = (backend.kernels[kernel] as unknown as AnyKernel)(infos, attrs, out);
    const result = backend.readSync(handle as never, out.dtype, sizeOf(out.shape));
    backend.release(handle as never);
    inputs.forEach((t, i) => {
      if (t) expect(backend.readSync(infos[i]!.handle as never, t.dtype, t.values.length), `input ${i} was modified`).toEqual(t.values);
    });
    return result;
  } finally {
    infos.forEach((info) => info && backend.release(info.handle as never));
  }
}


describe('wasm kernels match PyTorch (the js kernels fixture)', () => {
  for (const c of kernelFixture.cases) {
    it(`${c.kernel} ${c.name}`, () => {
      const inputs = c.inputs.map((spec) => (spec === null ? undefined : { shape: spec.shape, dtype: spec.dtype as DType, values: decodeArray(spec) }));
      if (c.error !== undefined) {
        expect(() => run(wasm, c.kernel, inputs, c.attrs, c.out)).toThrow(c.error);
        return;
      }
      expectValues(run(wasm, c.kernel, inputs, c.attrs, c.out), decodeArray(c.expected as TensorSpec), c.out.dtype);
    });
  }
});

// A small deterministic generator, so failures reproduce.
let seed = 12345;
function random(): number {
  seed = (Math.imul(seed, 1664525) + 1013904223) | 0;
  return (seed >>> 0) / 2 ** 32;
}
function floats(shape: number[], specials = false): Info {
  const values = new Float32Array(sizeOf(shape));
  for (let i = 0; i < values.length; i++) values[i] = random() * 4 - 2;
  if (specials && values.length > 8) [NaN, Infinity, -Infinity, 0, -0, 0.5, -2.5, 1e-30].forEach((v, i) => (values[i * 3 % values.length] = v));
  return { shape, dtype: 'float32', values };
}
function ints(shape: number[], lo: number, hi: number): Info {
  const values = new Int32Array(sizeOf(shape));
  for (let i = 0; i < values.length; i++) values[i] = lo + Math.floor(random() * (hi - lo));
  return { shape, dtype: 'int32', values };
}

/** The transpose of a CSR (rows sorted by source, stable) and the maps between edge positions. */
function transposeOf(rowPtr: Int32Array, cols: Int32Array, sources: number) {
  const ptr = new Int32Array(sources + 1);
  for (const c of cols) ptr[c + 1]++;
  for (let j = 0; j < sources; j++) ptr[j + 1] += ptr[j];
  const next = ptr.slice(0, sources);
  const [tCols, toT, fromT] = [new Int32Array(cols.length), new Int32Array(cols.length), new Int32Array(cols.length)];
  for (let i = 0; i + 1 < rowPtr.length; i++) {
    for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
      const p = next[cols[k]]++;
      tCols[p] = i;
      toT[k] = p;
      fromT[p] = k;
    }
  }
  return { ptr, cols: tCols, toT, fromT };
}

/** Runs one kernel on both backends and compares. */
function same(kernel: KernelName, inputs: (Info | undefined)[], attrs: unknown, out: OutputInfo, atol = 1e-4, rtol = 1e-3): void {
  const expected = run(js, kernel, inputs, attrs, out);
  expectValues(run(wasm, kernel, inputs, attrs, out), expected, out.dtype, atol, rtol);
}

const UNARY: UnaryOp[] = [
  'neg', 'abs', 'sign', 'exp', 'log', 'log1p', 'sqrt', 'rsqrt', 'square', 'reciprocal', 'sin', 'cos', 'tanh',
  'sigmoid', 'relu', 'leakyRelu', 'elu', 'silu', 'softplus', 'floor', 'ceil', 'round', 'erf', 'gelu', 'geluTanh',
];

describe('wasm kernels match the js backend', () => {
  it('unary, every op on vector lengths with tails and special values', () => {
    const x = floats([1037], true);
    for (const op of UNARY) same('unary', [x], { op, alpha: 0.2 }, { shape: x.shape, dtype: 'float32' }, 1e-6, 1e-5);
    const wide = { ...x, values: x.values.map((v) => v * 60) };
    for (const op of ['exp', 'sigmoid', 'silu', 'softplus', 'elu', 'erf', 'gelu'] as UnaryOp[]) {
      same('unary', [wide], { op, alpha: 1 }, { shape: x.shape, dtype: 'float32' }, 1e-6, 1e-5);
    }
    const i = ints([103], -(2 ** 31), 2 ** 31 - 1);
    for (const op of ['neg', 'abs', 'sign', 'square', 'relu', 'floor', 'ceil', 'round'] as UnaryOp[]) {
      same('unary', [i], { op, alpha: 0 }, { shape: i.shape, dtype: 'int32' });
    }
  });

  it('binary, every op over broadcast patterns', () => {
    const ops: BinaryOp[] = ['add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum', 'eq', 'ne', 'lt', 'le', 'gt', 'ge'];
    const shapes: [number[], number[]][] = [[[7, 33], [7, 33]], [[7, 33], [33]], [[7, 1], [1, 33]], [[3, 1, 5], [4, 1]], [[], [9, 2]], [[2, 3, 4, 5], [3, 1, 5]]];
    for (const [sa, sb] of shapes) {
      const outShape = sa.length >= sb.length ? sa.map((d, i) => Math.max(d, sb[i - sa.length + sb.length] ?? 1)) : sb.map((d, i) => Math.max(d, sa[i - sb.length + sa.length] ?? 1));
      const a = floats(sa, true);
      const b = floats(sb, true);
      const ia = ints(sa, -50, 50);
      const ib = ints(sb, -5, 8);
      for (const op of ops) {
        const compare = ['eq', 'ne', 'lt', 'le', 'gt', 'ge'].includes(op);
        same('binary', [a, b], { op }, { shape: outShape, dtype: compare ? 'bool' : 'float32' }, 1e-6, 1e-5);
        if (op !== 'div') same('binary', [ia, ib], { op }, { shape: outShape, dtype: compare ? 'bool' : 'int32' });
      }
    }
  });

  it('reduce over every subset of axes of a 4-d tensor', () => {
    const shape = [3, 5, 7, 9];
    const x = floats(shape);
    const xi = ints(shape, -9, 9);
    for (let mask = 0; mask < 16; mask++) {
      const axes = [0, 1, 2, 3].filter((d) => mask & (1 << d));
      const outShape = shape.filter((_, d) => !axes.includes(d));
      for (const op of ['sum', 'prod', 'max', 'min']) {
        same('reduce', [op === 'prod' ? { ...x, values: x.values.map((v) => 1 + v / 8) } : x], { op, axes }, { shape: outShape, dtype: 'float32' }, 1e-4, 1e-4);
        same('reduce', [xi], { op, axes }, { shape: outShape, dtype: 'int32' });
      }
    }
  });

  it('softmax and log-softmax along every axis, cumsum and argReduce', () => {
    const shape = [4, 6, 37];
    const x = floats(shape);
    for (let axis = 0; axis < 3; axis++) {
      for (const log of [false, true]) same('softmax', [x], { axis, log }, { shape, dtype: 'float32' }, 1e-6, 1e-5);
      same('cumsum', [x], { axis }, { shape, dtype: 'float32' }, 1e-5, 1e-5);
      for (const op of ['argmax', 'argmin']) same('argReduce', [x], { op, axis }, { shape: shape.filter((_, d) => d !== axis), dtype: 'int32' });
    }
    // A NaN or inf in either vector of a two-vector step: that row is NaN, the others are not.
    for (const at of [2, 5, 13]) {
      for (const special of [NaN, Infinity]) {
        const y = floats([3, 21]);
        y.values[21 + at] = special;
        for (const log of [false, true]) same('softmax', [y], { axis: 1, log }, { shape: [3, 21], dtype: 'float32' }, 1e-6, 1e-5);
      }
    }
  });

  it('matmul over sizes that straddle the packing blocks, transposes and broadcast batches', () => {
    const cases: [number, number, number][] = [[1, 1, 1], [2, 300, 19], [5, 7, 9], [6, 8, 256], [13, 17, 300], [73, 1030, 40], [100, 90, 257], [70, 300, 1100]];
    for (const [m, k, n] of cases) {
      for (const [transposeA, transposeB] of [[false, false], [true, false], [false, true], [true, true]]) {
        const a = floats(transposeA ? [k, m] : [m, k]);
        const b = floats(transposeB ? [n, k] : [k, n]);
        same('matmul', [a, b], { transposeA, transposeB }, { shape: [m, n], dtype: 'float32' }, 1e-4, 1e-4);
      }
    }
    same('matmul', [floats([3, 1, 9, 11]), floats([4, 11, 10])], { transposeA: false, transposeB: false }, { shape: [3, 4, 9, 10], dtype: 'float32' }, 1e-4, 1e-4);
    same('matmul', [ints([2, 9, 11], -100, 100), ints([11, 13], -100, 100)], { transposeA: false, transposeB: true }, { shape: [2, 9, 11], dtype: 'int32' });
  });

  it('matmul split over threads gives the single-threaded result', async () => {
    const a = floats([200, 150]);
    const b = floats([150, 170]);
    const attrs = { transposeA: false, transposeB: false };
    const out: OutputInfo = { shape: [200, 170], dtype: 'float32' };
    await setThreads(1);
    const single = run(wasm, 'matmul', [a, b], attrs, out);
    await setThreads(3);
    expectValues(run(wasm, 'matmul', [a, b], attrs, out), single, 'float32', 0, 0);
    const wide = run(wasm, 'matmul', [floats([3, 40]), floats([40, 5000])], attrs, { shape: [3, 5000], dtype: 'float32' });
    expect(wide.length).toBe(15000);
    await setThreads(1);
  });

  it('graph kernels (sparseAggregate, edgeDot, segmentSoftmax) over threads, with empty rows and feature tails', async () => {
    // A CSR of 700 rows with random degrees 0..25 (so some rows are empty), 2 heads of 67 features.
    const [rows, heads, features] = [700, 2, 67];
    const degrees = Array.from({ length: rows }, () => Math.floor(random() * 26));
    const rowPtr = Int32Array.from([0, ...degrees.map((_, i) => degrees.slice(0, i + 1).reduce((a, b) => a + b, 0))]);
    const edges = rowPtr[rows];
    const colIndex = ints([edges], 0, 499);
    const graph: Info[] = [{ shape: [rows + 1], dtype: 'int32', values: rowPtr }, colIndex];
    const x = floats([500, heads, features]);
    const w = floats([edges, heads]);
    const out = { shape: [rows, heads, features], dtype: 'float32' as const };
    const dotOut = { shape: [edges, heads], dtype: 'float32' as const };
    const a = floats([rows, heads, features]);
    await setThreads(3);
    for (const reduce of ['mean', 'max']) same('sparseAggregate', [x, w, ...graph], { reduce }, out);
    same('edgeDot', [a, x, ...graph], {}, dotOut);
    same('segmentSoftmax', [w, ...graph], {}, dotOut);
    const split = run(wasm, 'sparseAggregate', [x, w, ...graph], { reduce: 'sum' }, out);
    await setThreads(1);
    expectValues(run(wasm, 'sparseAggregate', [x, w, ...graph], { reduce: 'sum' }, out), split, 'float32', 0, 0);
    // Feature counts that take every register-chunk width (1 to 4 vectors) and tail (1 to 3).
    const small: Info[] = [{ shape: [61], dtype: 'int32', values: rowPtr.subarray(0, 61) }, colIndex];
    for (const f of [2, 9, 14, 31]) {
      const xs = floats([500, 1, f]);
      for (const reduce of ['sum', 'min']) same('sparseAggregate', [xs, w, ...small], { reduce }, { shape: [60, 1, f], dtype: 'float32' });
    }
  });

  it('max/min backward kernels (sparseExtremeShare, -GradInput, -GradWeight) over threads, with ties and empty rows', async () => {
    // 500 destinations with degrees 0..66 over 300 sources, 1 head of 69 features (vector loops
    // and a tail; enough work to split over threads); x and the weights take few distinct
    // values so that messages tie. The kernels do not depend on the reduction: max suffices.
    const [rows, sources, heads, features] = [500, 300, 1, 69];
    const degrees = Array.from({ length: rows }, () => Math.floor(random() * 67));
    const rowPtr = Int32Array.from([0, ...degrees.map((_, i) => degrees.slice(0, i + 1).reduce((a, b) => a + b, 0))]);
    const edges = rowPtr[rows];
    const cols = ints([edges], 0, sources).values as Int32Array;
    const transpose = transposeOf(rowPtr, cols, sources);
    const graph: Info[] = [
      { shape: [rows + 1], dtype: 'int32', values: rowPtr }, { shape: [edges], dtype: 'int32', values: cols },
      ...[transpose.ptr, transpose.cols, transpose.toT, transpose.fromT].map((values) => ({ shape: [values.length], dtype: 'int32' as const, values })),
    ];
    const coarse = (shape: number[], step: number) => {
      const t = floats(shape);
      t.values = t.values.map((v) => Math.round(v / step) * step);
      return t;
    };
    const x = coarse([sources, heads, features], 0.5);
    const w = coarse([edges, heads], 0.5);
    const nodeOut = { shape: [rows, heads, features], dtype: 'float32' as const };
    const g = floats([rows, heads, features]);
    await setThreads(3);
    const y = { ...nodeOut, values: run(js, 'sparseAggregate', [x, w, ...graph], { reduce: 'max' }, nodeOut) };
    const share = { ...nodeOut, values: run(js, 'sparseExtremeShare', [x, w, y, g, ...graph], {}, nodeOut) };
    expectValues(run(wasm, 'sparseExtremeShare', [x, w, y, g, ...graph], {}, nodeOut), share.values, 'float32', 1e-4, 1e-3);
    same('sparseExtremeGradInput', [x, w, y, share, ...graph], {}, { shape: x.shape, dtype: 'float32' });
    same('sparseExtremeGradWeight', [x, w, y, share, ...graph], {}, { shape: w.shape, dtype: 'float32' });
    await setThreads(1);
  });

  it('conv2d with padding, stride, dilation, groups and bias; 1x1 convolutions', () => {
    const configs = [
      { x: [2, 4, 9, 11], w: [6, 2, 3, 3], stride: [2, 1], padding: [1, 2], dilation: [1, 2], groups: 2 },
      { x: [1, 3, 8, 8], w: [5, 3, 1, 1], stride: [1, 1], padding: [0, 0], dilation: [1, 1], groups: 1 },
      { x: [3, 6, 7, 5], w: [6, 1, 3, 2], stride: [1, 2], padding: [2, 0], dilation: [2, 1], groups: 6 },
      { x: [2, 8, 12, 12], w: [16, 8, 3, 3], stride: [1, 1], padding: [1, 1], dilation: [1, 1], groups: 1 },
    ];
    for (const c of configs) {
      const [n, , h, w] = c.x;
      const [o, , kh, kw] = c.w;
      const oh = Math.floor((h + 2 * c.padding[0] - c.dilation[0] * (kh - 1) - 1) / c.stride[0]) + 1;
      const ow = Math.floor((w + 2 * c.padding[1] - c.dilation[1] * (kw - 1) - 1) / c.stride[1]) + 1;
      const attrs = { stride: c.stride, padding: c.padding, dilation: c.dilation, groups: c.groups };
      for (const bias of [undefined, floats([o])]) {
        same('conv2d', [floats(c.x), floats(c.w), bias], attrs, { shape: [n, o, oh, ow], dtype: 'float32' }, 1e-4, 1e-4);
      }
    }
  });

  it('convTranspose2d with padding, stride, output padding, dilation, groups and bias', () => {
    const configs = [
      { x: [2, 4, 5, 6], w: [4, 3, 3, 3], stride: [2, 2], padding: [1, 0], outputPadding: [1, 0], dilation: [1, 1], groups: 2 },
      { x: [1, 3, 4, 4], w: [3, 2, 2, 3], stride: [1, 3], padding: [0, 1], outputPadding: [0, 2], dilation: [2, 1], groups: 1 },
    ];
    for (const c of configs) {
      const [n, , h, w] = c.x;
      const [, og, kh, kw] = c.w;
      const oh = (h - 1) * c.stride[0] - 2 * c.padding[0] + c.dilation[0] * (kh - 1) + c.outputPadding[0] + 1;
      const ow = (w - 1) * c.stride[1] - 2 * c.padding[1] + c.dilation[1] * (kw - 1) + c.outputPadding[1] + 1;
      const { x, w: _w, ...attrs } = c;
      for (const bias of [undefined, floats([og * c.groups])]) {
        same('convTranspose2d', [floats(x), floats(c.w), bias], attrs, { shape: [n, og * c.groups, oh, ow], dtype: 'float32' }, 1e-4, 1e-4);
      }
    }
  });

  it('indexing kernels on larger inputs', () => {
    const x = floats([6, 7, 8]);
    same('gather', [x, ints([6, 5, 8], 0, 7)], { axis: 1 }, { shape: [6, 5, 8], dtype: 'float32' });
    same('indexSelect', [x, ints([11], 0, 8)], { axis: 2 }, { shape: [6, 7, 11], dtype: 'float32' });
    for (const reduce of ['sum', 'prod', 'mean', 'amax', 'amin']) {
      for (const includeSelf of [true, false]) {
        same('scatterReduce', [x, ints([6, 9, 8], 0, 7), floats([6, 9, 8])], { axis: 1, reduce, includeSelf }, { shape: x.shape, dtype: 'float32' }, 1e-5, 1e-4);
        const xi = ints([6, 7, 8], -20, 20);
        same('scatterReduce', [xi, ints([6, 9, 8], 0, 7), ints([6, 9, 8], -20, 20)], { axis: 1, reduce, includeSelf }, { shape: x.shape, dtype: 'int32' });
      }
    }
  });
});
