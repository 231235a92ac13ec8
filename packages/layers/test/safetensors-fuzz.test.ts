// Property tests of the safetensors reader and writer (fast-check). Saving then loading gives
// back the same tensors; mutated, truncated and random files either load or throw a
// loadSafetensors Error, never another failure, never a hang, and never tensors larger than
// the file warrants. Parsing is the same on every backend, so this runs on js only.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { memory, reshape, setBackend, tensor, tidy, type DType, type Tensor } from '@tessera/core';
import { loadSafetensors, readSafetensorsHeader, saveSafetensors } from '../src/io/index';
import { safetensorsFile } from './safetensors-file';

interface TensorCase {
  name: string;
  dtype: DType;
  shape: number[];
  values: number[];
}

const INT32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };
const VALUES: Record<DType, fc.Arbitrary<number>> = {
  float32: fc.float(),
  int32: fc.integer(INT32),
  bool: fc.integer({ min: 0, max: 1 }),
};

const tensorCase: fc.Arbitrary<TensorCase> = fc
  .record({
    name: fc.string({ unit: 'grapheme', maxLength: 8 }).filter((name) => name !== '__metadata__'),
    dtype: fc.constantFrom<DType>('float32', 'int32', 'bool'),
    shape: fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3 }),
  })
  .chain(({ name, dtype, shape }) =>
    fc
      .array(VALUES[dtype], { minLength: shape.reduce((a, b) => a * b, 1), maxLength: shape.reduce((a, b) => a * b, 1) })
      .map((values) => ({ name, dtype, shape, values })),
  );

const tensorCases = fc.uniqueArray(tensorCase, { selector: (c) => c.name, maxLength: 5 });
const metadata = fc.option(fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 }), { maxKeys: 3 }), { nil: undefined });

function build(cases: TensorCase[]): Map<string, Tensor> {
  const tensors = tidy(() => cases.map((c) => reshape(tensor(c.values, { dtype: c.dtype }), c.shape)));
  return new Map(cases.map((c, i) => [c.name, tensors[i]]));
}

async function fileOf(cases: TensorCase[], meta?: Record<string, string>): Promise<Uint8Array> {
  const tensors = build(cases);
  const bytes = await saveSafetensors(tensors, meta);
  for (const t of tensors.values()) t.dispose();
  return bytes;
}

/** Loads `bytes`: it must either succeed with tensors no larger than the file warrants, or throw a loadSafetensors Error. */
function loadOrRefuse(bytes: Uint8Array): void {
  const before = memory().numTensors;
  let tensors: Record<string, Tensor>;
  try {
    tensors = loadSafetensors(bytes);
  } catch (error) {
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/^loadSafetensors: /);
    expect(memory().numTensors).toBe(before);
    return;
  }
  // Each stored element takes at least one byte in the file and at most 4 in memory.
  const elements = Object.values(tensors).reduce((n, t) => n + t.size, 0);
  expect(elements).toBeLessThanOrEqual(bytes.length);
  for (const t of Object.values(tensors)) t.dispose();
  expect(memory().numTensors).toBe(before);
}

type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'set'; edits: [number, number][] }
  | { kind: 'insert'; at: number; bytes: Uint8Array };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('set' as const), edits: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
);

function mutate(bytes: Uint8Array, m: Mutation): Uint8Array {
  if (m.kind === 'truncate') return bytes.slice(0, m.at % (bytes.length + 1));
  if (m.kind === 'insert') {
    const at = m.at % (bytes.length + 1);
    return new Uint8Array([...bytes.subarray(0, at), ...m.bytes, ...bytes.subarray(at)]);
  }
  const out = bytes.slice();
  for (const [at, value] of m.edits) if (out.length > 0) out[at % out.length] = value;
  return out;
}

// Headers that are nearly right: real dtypes and plausible offsets, with junk mixed in.
const dim = fc.oneof(fc.integer({ min: 0, max: 4 }), fc.integer({ min: -2, max: 2 ** 53 }), fc.double(), fc.string({ maxLength: 2 }));
const entry = fc.oneof(
  fc.record(
    {
      dtype: fc.oneof(fc.constantFrom('F32', 'F16', 'BF16', 'F64', 'I64', 'I32', 'I16', 'I8', 'U8', 'BOOL', 'U32', 'f32'), fc.jsonValue()),
      shape: fc.oneof(fc.array(dim, { maxLength: 3 }), fc.jsonValue()),
      data_offsets: fc.oneof(fc.tuple(fc.integer({ min: -1, max: 40 }), fc.integer({ min: -1, max: 40 })), fc.jsonValue()),
    },
    { requiredKeys: [] },
  ),
  fc.jsonValue(),
);
const SIZES: Record<string, number> = { F64: 8, F32: 4, F16: 2, BF16: 2, I64: 8, I32: 4, I16: 2, I8: 1, U8: 1, BOOL: 1 };

// Well-formed files of every dtype with random bytes (I64 values may be out of int32 range),
// sometimes with one offset or dimension nudged, or a byte or two left over at the end.
interface PlainEntry {
  name: string;
  dtype: string;
  shape: number[];
}

function plainFile(entries: PlainEntry[], buffer: Uint8Array, nudge: [number, number, number] | undefined): Uint8Array {
  const header: Record<string, unknown> = {};
  let offset = 0;
  entries.forEach(({ name, dtype, shape }, k) => {
    const bytes = SIZES[dtype] * shape.reduce((a, b) => a * b, 1);
    const info = { dtype, shape: [...shape], data_offsets: [offset, offset + bytes] };
    offset += bytes;
    if (nudge !== undefined && nudge[0] % entries.length === k) {
      const [, field, delta] = nudge;
      if (field === 2 && info.shape.length > 0) info.shape[0] += delta;
      else info.data_offsets[field % 2] += delta;
    }
    Object.defineProperty(header, name, { value: info, enumerable: true });
  });
  return safetensorsFile(header, buffer);
}

const plausibleFile = fc
  .uniqueArray(
    fc.record({ name: fc.string({ maxLength: 3 }), dtype: fc.constantFrom(...Object.keys(SIZES)), shape: fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3 }) }),
    { selector: (e) => e.name, maxLength: 4 },
  )
  .chain((entries) => {
    const bytes = entries.reduce((n, { dtype, shape }) => n + SIZES[dtype] * shape.reduce((a, b) => a * b, 1), 0);
    const nudge = fc.option(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 2 }), fc.integer({ min: -3, max: 3 })), { nil: undefined });
    return fc.tuple(fc.constant(entries), fc.uint8Array({ minLength: bytes, maxLength: bytes + 2 }), nudge);
  })
  .map(([entries, buffer, nudge]) => plainFile(entries, buffer, nudge));

const header = fc.oneof(
  fc.dictionary(fc.oneof(fc.constantFrom('a', 'b', '__metadata__'), fc.string({ maxLength: 3 })), entry, { maxKeys: 4 }),
  fc.jsonValue(),
);

beforeAll(async () => {
  await setBackend('js');
});

describe('safetensors properties', () => {
  it('save then load gives back the same tensors and metadata', async () => {
    await fc.assert(
      fc.asyncProperty(tensorCases, metadata, async (cases, meta) => {
        const bytes = await fileOf(cases, meta);
        const headerBytes = new DataView(bytes.buffer).getUint32(0, true);
        expect(headerBytes % 8).toBe(0);
        expect(readSafetensorsHeader(bytes).metadata).toEqual(meta ?? {});
        const loaded = loadSafetensors(bytes);
        expect(Object.keys(loaded).sort()).toEqual(cases.map((c) => c.name).sort());
        for (const c of cases) {
          const t = loaded[c.name];
          expect(t.shape).toEqual(c.shape);
          expect(t.dtype).toBe(c.dtype);
          // Object.is: NaN equals NaN and -0 differs from 0.
          const values = Array.from(await t.data());
          expect(values.every((v, i) => Object.is(v, c.values[i]))).toBe(true);
          t.dispose();
        }
      }),
      { numRuns: 150 },
    );
  });

  it('mutated and truncated files load or throw a loadSafetensors Error', async () => {
    await fc.assert(
      fc.asyncProperty(tensorCases, metadata, fc.array(mutation, { minLength: 1, maxLength: 3 }), async (cases, meta, mutations) => {
        let bytes = await fileOf(cases, meta);
        for (const m of mutations) bytes = mutate(bytes, m);
        loadOrRefuse(bytes);
      }),
      { numRuns: 400 },
    );
  });

  it('random headers load or throw a loadSafetensors Error', () => {
    fc.assert(
      fc.property(header, fc.uint8Array({ maxLength: 48 }), fc.option(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), { nil: undefined, freq: 4 }), (h, buffer, length) => {
        loadOrRefuse(safetensorsFile(h, buffer, length));
      }),
      { numRuns: 1500 },
    );
  });

  it('files of every dtype, some slightly wrong, load or throw a loadSafetensors Error', () => {
    fc.assert(fc.property(plausibleFile, loadOrRefuse), { numRuns: 1000 });
  });
});
