// Reading and validating a safetensors header. Everything a loader needs to trust is checked
// here, before any tensor memory is allocated: sizes, offsets, dtypes and names.
import { findDuplicateKey } from './duplicate-keys.js';
import { readerFor, type SafetensorsDType } from './safetensors-dtypes.js';

/**
 * The largest JSON header loadSafetensors reads (100 MB, the reference implementation's limit).
 * @example if (headerLength > MAX_HEADER_BYTES) throw new Error('too big');
 */
export const MAX_HEADER_BYTES = 100_000_000;

/**
 * One tensor as the header describes it.
 * @example const { name, dtype, shape } = readSafetensorsHeader(bytes).tensors[0];
 */
export interface SafetensorsTensorInfo {
  name: string;
  dtype: SafetensorsDType;
  shape: number[];
  /** Byte range [begin, end) of its data, relative to the start of the data buffer. */
  dataOffsets: [number, number];
}

/**
 * A validated header: the tensors in the order of their data, and the free-form metadata.
 * @example readSafetensorsHeader(bytes).metadata.format; // 'pt' for files from PyTorch
 */
export interface SafetensorsHeader {
  tensors: SafetensorsTensorInfo[];
  metadata: Record<string, string>;
  /** Where the data buffer starts in the file: 8 + the header length. */
  dataOffset: number;
}

const ENTRY_KEYS = ['dtype', 'shape', 'data_offsets'];

// Errors name the public function the caller used: loadSafetensors or readSafetensorsHeader.
function fail(op: string, message: string): never {
  throw new Error(`${op}: ${message}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * Sets an own property, also for the name "__proto__" that plain assignment would not store.
 * @example defineEntry(tensors, '__proto__', t);
 */
export function defineEntry<T>(target: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * The bytes of `bytes` as a Uint8Array, or an Error for anything else.
 * @example asBytes(await response.arrayBuffer(), 'loadSafetensors');
 */
export function asBytes(bytes: Uint8Array | ArrayBuffer, op: string): Uint8Array {
  if (bytes instanceof Uint8Array) return bytes;
  if (bytes instanceof ArrayBuffer) return new Uint8Array(bytes);
  return fail(op, `expected a Uint8Array or ArrayBuffer, got ${Object.prototype.toString.call(bytes)}`);
}

/** The header's JSON text and the offset of the data buffer that follows it. */
function headerText(bytes: Uint8Array, op: string): { text: string; dataOffset: number } {
  if (bytes.length < 8) fail(op, `the file is ${bytes.length} bytes, too short for the 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, 8);
  const low = view.getUint32(0, true);
  const high = view.getUint32(4, true);
  const length = high * 2 ** 32 + low;
  if (length > MAX_HEADER_BYTES) fail(op, `header length ${length} exceeds the limit of ${MAX_HEADER_BYTES} bytes`);
  if (8 + length > bytes.length) fail(op, `header length ${length} runs past the end of the ${bytes.length}-byte file`);
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + length)), dataOffset: 8 + length };
  } catch {
    return fail(op, 'the header is not valid UTF-8');
  }
}

function parseJson(text: string, op: string): Record<string, unknown> {
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (error) {
    return fail(op, `the header is not valid JSON (${(error as Error).message})`);
  }
  if (!isRecord(header)) fail(op, `the header must be a JSON object, got ${show(header)}`);
  const duplicate = findDuplicateKey(text);
  if (duplicate !== undefined) fail(op, `the header repeats the key ${show(duplicate)}`);
  return header;
}

function parseMetadata(value: unknown, op: string): Record<string, string> {
  if (!isRecord(value)) fail(op, `__metadata__ must be an object of strings, got ${show(value)}`);
  const metadata: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) {
    if (typeof item !== 'string') fail(op, `__metadata__ value of ${show(key)} must be a string, got ${show(item)}`);
    defineEntry(metadata, key, item);
  }
  return metadata;
}

function parseEntry(name: string, entry: unknown, bufferBytes: number, op: string): SafetensorsTensorInfo {
  const what = `tensor ${show(name)}`;
  if (!isRecord(entry)) fail(op, `${what} must be an object with dtype, shape and data_offsets, got ${show(entry)}`);
  const extra = Object.keys(entry).filter((key) => !ENTRY_KEYS.includes(key));
  if (extra.length > 0) fail(op, `${what} has unknown field ${show(extra[0])} (expected dtype, shape and data_offsets)`);
  const { dtype, shape, data_offsets: offsets } = entry;
  if (typeof dtype !== 'string') fail(op, `${what} needs a string dtype, got ${show(dtype)}`);
  const reader = readerFor(dtype, name, op);
  if (!Array.isArray(shape) || !shape.every(isCount)) fail(op, `${what} needs a shape of non-negative integers, got ${show(shape)}`);
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount)) {
    fail(op, `${what} needs data_offsets [begin, end] of non-negative integers, got ${show(offsets)}`);
  }
  const [begin, end] = offsets as [number, number];
  if (begin > end) fail(op, `${what} has data_offsets [${begin}, ${end}] that end before they begin`);
  if (end > bufferBytes) fail(op, `${what} has data_offsets [${begin}, ${end}] past the end of the ${bufferBytes}-byte data buffer`);
  const count = (shape as number[]).reduce((a, b) => a * b, 1);
  if (count * reader.bytes !== end - begin) {
    fail(op, `${what} of shape [${shape.join(',')}] and dtype ${dtype} needs ${count * reader.bytes} bytes, but data_offsets [${begin}, ${end}] hold ${end - begin}`);
  }
  return { name, dtype: dtype as SafetensorsDType, shape: shape as number[], dataOffsets: [begin, end] };
}

/** Checks that the tensors tile the data buffer exactly: no gap, no overlap, nothing left over. */
function checkLayout(tensors: SafetensorsTensorInfo[], bufferBytes: number, op: string): void {
  let position = 0;
  let previous: SafetensorsTensorInfo | undefined;
  for (const info of tensors) {
    const [begin, end] = info.dataOffsets;
    if (begin < position) {
      fail(op, `tensor ${show(info.name)} at data_offsets [${begin}, ${end}] overlaps tensor ${show(previous?.name)} at [${previous?.dataOffsets.join(', ')}]`);
    }
    if (begin > position) fail(op, `bytes [${position}, ${begin}) of the data buffer belong to no tensor`);
    position = end;
    previous = info;
  }
  if (position !== bufferBytes) fail(op, `bytes [${position}, ${bufferBytes}) of the data buffer belong to no tensor`);
}

/**
 * Validates the header of `bytes` for `op` (the public function whose name errors start with).
 * @example const { tensors, dataOffset } = parseHeader(bytes, 'loadSafetensors');
 */
export function parseHeader(bytes: Uint8Array | ArrayBuffer, op: string): SafetensorsHeader {
  const data = asBytes(bytes, op);
  const { text, dataOffset } = headerText(data, op);
  const header = parseJson(text, op);
  const bufferBytes = data.length - dataOffset;
  let metadata: Record<string, string> = {};
  const tensors: SafetensorsTensorInfo[] = [];
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') metadata = parseMetadata(entry, op);
    else tensors.push(parseEntry(name, entry, bufferBytes, op));
  }
  tensors.sort((a, b) => a.dataOffsets[0] - b.dataOffsets[0] || a.dataOffsets[1] - b.dataOffsets[1]);
  checkLayout(tensors, bufferBytes, op);
  return { tensors, metadata, dataOffset };
}

/**
 * Reads and validates the header of a safetensors file without loading any tensor: names,
 * dtypes, shapes and offsets, and the `__metadata__` strings. Throws an Error naming what is
 * wrong for a malformed file.
 * @example
 * const { tensors, metadata } = readSafetensorsHeader(bytes);
 * console.log(metadata.format, tensors.map((t) => `${t.name} ${t.dtype} [${t.shape}]`));
 */
export function readSafetensorsHeader(bytes: Uint8Array | ArrayBuffer): SafetensorsHeader {
  return parseHeader(bytes, 'readSafetensorsHeader');
}
