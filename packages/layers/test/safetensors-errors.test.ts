// Malformed and hostile safetensors files: each is refused with an Error that names the
// problem, before any tensor is made.
import { describe, expect, it } from 'vitest';
import { memory, tensor, type Tensor } from '@tessera/core';
import { loadSafetensors, readSafetensorsHeader, saveSafetensors } from '../src/io/index';
import { f32Bytes, safetensorsFile } from './safetensors-file';

const entry = (dtype: unknown, shape: unknown, offsets: unknown) => ({ dtype, shape, data_offsets: offsets });
const two = f32Bytes([1, 2]);

const cases: [string, Uint8Array | ArrayBuffer, RegExp][] = [
  ['a file shorter than the length field', new Uint8Array(5), /the file is 5 bytes, too short for the 8-byte header length/],
  ['a header length past the end', safetensorsFile({}, new Uint8Array(0), 100n), /header length 100 runs past the end of the 10-byte file/],
  ['a huge header length', safetensorsFile({}, new Uint8Array(0), 2n ** 63n), /header length 9223372036854776000 exceeds the limit of 100000000 bytes/],
  ['a header length just over the cap', safetensorsFile({}, new Uint8Array(0), 100_000_001n), /exceeds the limit of 100000000 bytes/],
  ['invalid UTF-8', safetensorsFile('{"\xff":1}'.replace('\xff', '\u00ff')).map((b, i) => (i === 10 ? 0xff : b)), /not valid UTF-8/],
  ['invalid JSON', safetensorsFile('{"a": '), /the header is not valid JSON/],
  ['a header that is not an object', safetensorsFile('[1,2]'), /the header must be a JSON object, got \[1,2\]/],
  ['a null header', safetensorsFile('null'), /the header must be a JSON object, got null/],
  ['an entry that is not an object', safetensorsFile({ w: 3 }), /tensor "w" must be an object with dtype, shape and data_offsets, got 3/],
  ['an unknown field', safetensorsFile({ w: { ...entry('F32', [2], [0, 8]), extra: 1 } }, two), /tensor "w" has unknown field "extra"/],
  ['an unknown dtype', safetensorsFile({ w: entry('F24', [2], [0, 8]) }, two), /tensor "w" has unknown dtype "F24" \(expected one of F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL\)/],
  ['an unsupported dtype', safetensorsFile({ w: entry('U32', [2], [0, 8]) }, two), /tensor "w" has unsupported dtype "U32"/],
  ['a dtype that is not a string', safetensorsFile({ w: entry(4, [2], [0, 8]) }, two), /tensor "w" needs a string dtype, got 4/],
  ['a negative dimension', safetensorsFile({ w: entry('F32', [-2], [0, 8]) }, two), /tensor "w" needs a shape of non-negative integers, got \[-2\]/],
  ['a fractional dimension', safetensorsFile({ w: entry('F32', [1.5], [0, 8]) }, two), /needs a shape of non-negative integers, got \[1.5\]/],
  ['a shape that is not an array', safetensorsFile({ w: entry('F32', '2', [0, 8]) }, two), /needs a shape of non-negative integers, got "2"/],
  ['three offsets', safetensorsFile({ w: entry('F32', [2], [0, 4, 8]) }, two), /needs data_offsets \[begin, end\] of non-negative integers, got \[0,4,8\]/],
  ['negative offsets', safetensorsFile({ w: entry('F32', [2], [-8, 0]) }, two), /needs data_offsets \[begin, end\] of non-negative integers/],
  ['reversed offsets', safetensorsFile({ w: entry('F32', [0], [8, 0]) }, two), /data_offsets \[8, 0\] that end before they begin/],
  ['offsets out of range', safetensorsFile({ w: entry('F32', [4], [0, 16]) }, two), /data_offsets \[0, 16\] past the end of the 8-byte data buffer/],
  ['a shape that disagrees with the byte count', safetensorsFile({ w: entry('F32', [3], [0, 8]) }, two), /tensor "w" of shape \[3\] and dtype F32 needs 12 bytes, but data_offsets \[0, 8\] hold 8/],
  ['a huge shape', safetensorsFile({ w: entry('F32', [2 ** 40, 2 ** 40], [0, 8]) }, two), /needs 4.8\d+e\+24 bytes, but data_offsets \[0, 8\] hold 8/],
  [
    'overlapping tensors',
    safetensorsFile({ a: entry('F32', [2], [0, 8]), b: entry('F32', [1], [4, 8]) }, two),
    /tensor "b" at data_offsets \[4, 8\] overlaps tensor "a" at \[0, 8\]/,
  ],
  [
    'a gap between tensors',
    safetensorsFile({ a: entry('F32', [1], [0, 4]), b: entry('F32', [1], [8, 12]) }, f32Bytes([1, 2, 3])),
    /bytes \[4, 8\) of the data buffer belong to no tensor/,
  ],
  ['a buffer that tensors do not cover', safetensorsFile({ a: entry('F32', [1], [0, 4]) }, two), /bytes \[4, 8\) of the data buffer belong to no tensor/],
  [
    'duplicate names',
    safetensorsFile('{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}, "a" :{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}', two),
    /the header repeats the key "a"/,
  ],
  ['a duplicate field', safetensorsFile('{"a":{"dtype":"F32","dtype":"F32","shape":[2],"data_offsets":[0,8]}}', two), /repeats the key "dtype"/],
  ['metadata that is not strings', safetensorsFile({ __metadata__: { n: 1 } }), /__metadata__ value of "n" must be a string, got 1/],
  ['metadata that is not an object', safetensorsFile({ __metadata__: 'pt' }), /__metadata__ must be an object of strings, got "pt"/],
  ['a value that is not bytes', 'abc' as unknown as Uint8Array, /expected a Uint8Array or ArrayBuffer, got \[object String\]/],
];

describe('loadSafetensors refuses malformed files', () => {
  for (const [name, bytes, message] of cases) {
    it(name, () => {
      const before = memory().numTensors;
      expect(() => loadSafetensors(bytes)).toThrow(message);
      expect(() => loadSafetensors(bytes)).toThrow(/^loadSafetensors: /);
      expect(memory().numTensors).toBe(before);
    });
  }

  it('accepts an empty file, zero-size tensors and a tensor named __proto__', () => {
    expect(loadSafetensors(safetensorsFile({}))).toEqual({});
    const file = safetensorsFile(
      '{"__proto__":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"e":{"dtype":"F32","shape":[0,9007199254740991],"data_offsets":[8,8]}}',
      two,
    );
    const tensors = loadSafetensors(file);
    expect(Object.keys(tensors).sort()).toEqual(['__proto__', 'e']);
    expect(Object.getPrototypeOf(tensors)).toBe(Object.prototype);
    expect(tensors.e.shape).toEqual([0, 2 ** 53 - 1]);
    for (const t of Object.values(tensors)) t.dispose();
  });

  it('names readSafetensorsHeader in its own errors', () => {
    expect(() => readSafetensorsHeader(new Uint8Array(3))).toThrow(/^readSafetensorsHeader: the file is 3 bytes, too short/);
    expect(() => readSafetensorsHeader(safetensorsFile({ w: entry('Q8', [1], [0, 1]) }, new Uint8Array(1)))).toThrow(
      /^readSafetensorsHeader: tensor "w" has unknown dtype "Q8"/,
    );
  });

  it('reads a header padded with spaces and names its tensors in offset order', () => {
    const file = safetensorsFile('{"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]},"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}   ', two);
    expect(readSafetensorsHeader(file).tensors.map((t) => t.name)).toEqual(['a', 'b']);
  });
});

describe('saveSafetensors refuses bad input', () => {
  it('names the tensor or metadata entry that is wrong', async () => {
    const x = tensor([1, 2], { dtype: 'float32' });
    const gone = tensor([3]);
    gone.dispose();
    await expect(saveSafetensors({ __metadata__: x })).rejects.toThrow(/saveSafetensors: '__metadata__' is reserved for metadata and cannot name a tensor/);
    await expect(saveSafetensors({ w: [1, 2] as unknown as Tensor })).rejects.toThrow(/saveSafetensors: 'w' is not a Tensor/);
    await expect(saveSafetensors({ w: gone })).rejects.toThrow(/saveSafetensors: tensor 'w' of shape \[1\] was used after dispose\(\)/);
    await expect(saveSafetensors({ w: x }, { step: 3 as unknown as string })).rejects.toThrow(/saveSafetensors: metadata value of 'step' must be a string, got number/);
    await expect(saveSafetensors(null as unknown as Record<string, Tensor>)).rejects.toThrow(/saveSafetensors: expected a Map or object of tensors, got null/);
    x.dispose();
  });
});
