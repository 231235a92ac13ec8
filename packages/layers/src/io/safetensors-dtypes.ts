// The safetensors element types Tessera reads, and how each becomes a float32, int32 or bool
// tensor. Every reader takes a DataView over exactly one tensor's bytes (little-endian).
import type { DType, TypedArray } from '@tessera/core';

/**
 * A safetensors dtype name that loadSafetensors can read.
 * @example const dtype: SafetensorsDType = 'BF16';
 */
export type SafetensorsDType = 'F64' | 'F32' | 'F16' | 'BF16' | 'I64' | 'I32' | 'I16' | 'I8' | 'U8' | 'BOOL';

interface DTypeReader {
  /** Bytes per element in the file. */
  bytes: number;
  /** The dtype of the tensor it loads as. */
  dtype: DType;
  /** Decodes `count` elements; `name` is for errors. */
  read(view: DataView, count: number, name: string): TypedArray;
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

function floats(count: number, get: (i: number) => number): Float32Array {
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = get(i);
  return out;
}

function ints(count: number, get: (i: number) => number): Int32Array {
  const out = new Int32Array(count);
  for (let i = 0; i < count; i++) out[i] = get(i);
  return out;
}

/** IEEE 754 half precision bits → number. */
function halfToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa === 0 ? sign * Infinity : NaN;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

const READERS: Record<SafetensorsDType, DTypeReader> = {
  F64: { bytes: 8, dtype: 'float32', read: (v, n) => floats(n, (i) => v.getFloat64(8 * i, true)) },
  F32: { bytes: 4, dtype: 'float32', read: (v, n) => floats(n, (i) => v.getFloat32(4 * i, true)) },
  F16: { bytes: 2, dtype: 'float32', read: (v, n) => floats(n, (i) => halfToNumber(v.getUint16(2 * i, true))) },
  BF16: {
    bytes: 2,
    dtype: 'float32',
    // bfloat16 is the top half of a float32: shift the bits into place (keeps NaN payloads).
    read: (v, n) => {
      const out = new Float32Array(n);
      const bits = new Uint32Array(out.buffer);
      for (let i = 0; i < n; i++) bits[i] = v.getUint16(2 * i, true) << 16;
      return out;
    },
  },
  I64: {
    bytes: 8,
    dtype: 'int32',
    read: (v, n, name) =>
      ints(n, (i) => {
        const low = v.getUint32(8 * i, true);
        const high = v.getInt32(8 * i + 4, true);
        const value = high * 2 ** 32 + low;
        if (value < INT32_MIN || value > INT32_MAX) {
          throw new Error(`loadSafetensors: tensor ${JSON.stringify(name)} (I64) holds ${BigInt(high) * 2n ** 32n + BigInt(low)} at element ${i}, outside the int32 range Tessera stores integers in`);
        }
        return value;
      }),
  },
  I32: { bytes: 4, dtype: 'int32', read: (v, n) => ints(n, (i) => v.getInt32(4 * i, true)) },
  I16: { bytes: 2, dtype: 'int32', read: (v, n) => ints(n, (i) => v.getInt16(2 * i, true)) },
  I8: { bytes: 1, dtype: 'int32', read: (v, n) => ints(n, (i) => v.getInt8(i)) },
  U8: { bytes: 1, dtype: 'int32', read: (v, n) => ints(n, (i) => v.getUint8(i)) },
  // Any nonzero byte reads as true, as numpy and torch do.
  BOOL: {
    bytes: 1,
    dtype: 'bool',
    read: (v, n) => {
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i++) out[i] = v.getUint8(i) === 0 ? 0 : 1;
      return out;
    },
  },
};

/** The dtypes of the format that Tessera has no tensor type for (unsigned wide and 8-bit floats). */
const UNSUPPORTED = new Set(['U16', 'U32', 'U64', 'F8_E4M3', 'F8_E5M2', 'F8_E8M0', 'F4', 'F6_E2M3', 'F6_E3M2', 'C64']);

const SUPPORTED = Object.keys(READERS).join(', ');

/**
 * The reader of `dtype`, or an Error naming the tensor and the dtypes that are read.
 * @example readerFor('BF16', 'fc.weight', 'loadSafetensors').dtype; // 'float32'
 */
export function readerFor(dtype: string, name: string, op: string): DTypeReader {
  if (Object.prototype.hasOwnProperty.call(READERS, dtype)) return READERS[dtype as SafetensorsDType];
  const what = UNSUPPORTED.has(dtype) ? 'unsupported' : 'unknown';
  throw new Error(`${op}: tensor ${JSON.stringify(name)} has ${what} dtype ${JSON.stringify(dtype)} (expected one of ${SUPPORTED})`);
}

/**
 * The safetensors dtype each Tessera dtype is written as.
 * @example WRITTEN_DTYPE.float32; // 'F32'
 */
export const WRITTEN_DTYPE: Record<DType, SafetensorsDType> = { float32: 'F32', int32: 'I32', bool: 'BOOL' };
