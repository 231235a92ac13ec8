// saveSafetensors: named tensors → the bytes of a safetensors file, laid out as the reference
// writer lays them out.
import { Tensor, type DType } from '@tessera/core';
import { WRITTEN_DTYPE } from './safetensors-dtypes.js';

const OP = 'saveSafetensors';

// The reference writer orders tensors by dtype, widest alignment first, then by name.
const DTYPE_ORDER: Record<DType, number> = { float32: 0, int32: 1, bool: 2 };
const ELEMENT_BYTES: Record<DType, number> = { float32: 4, int32: 4, bool: 1 };

function entriesOf(tensors: Record<string, Tensor> | Map<string, Tensor>): [string, Tensor][] {
  if (tensors instanceof Map) return [...tensors.entries()];
  if (typeof tensors !== 'object' || tensors === null) throw new Error(`${OP}: expected a Map or object of tensors, got ${String(tensors)}`);
  return Object.entries(tensors);
}

function checkInputs(entries: [string, Tensor][], metadata: Record<string, string> | undefined): void {
  for (const [name, t] of entries) {
    if (name === '__metadata__') throw new Error(`${OP}: '__metadata__' is reserved for metadata and cannot name a tensor`);
    if (!(t instanceof Tensor)) throw new Error(`${OP}: '${name}' is not a Tensor`);
    if (t.isDisposed) throw new Error(`${OP}: tensor '${name}' of shape [${t.shape.join(',')}] was used after dispose()`);
  }
  if (metadata === undefined) return;
  if (typeof metadata !== 'object' || metadata === null) throw new Error(`${OP}: metadata must be an object of strings, got ${String(metadata)}`);
  for (const [key, value] of Object.entries(metadata)) {
    if (typeof value !== 'string') throw new Error(`${OP}: metadata value of '${key}' must be a string, got ${typeof value}`);
  }
}

function writeValues(view: DataView, dtype: DType, values: ArrayLike<number>): void {
  if (dtype === 'float32') for (let i = 0; i < values.length; i++) view.setFloat32(4 * i, values[i], true);
  else if (dtype === 'int32') for (let i = 0; i < values.length; i++) view.setInt32(4 * i, values[i], true);
  else for (let i = 0; i < values.length; i++) view.setUint8(i, values[i]);
}

/**
 * Writes tensors to the bytes of a safetensors file (float32 as F32, int32 as I32, bool as
 * BOOL), with optional string metadata under `__metadata__`. As the reference writer does, the
 * tensors are ordered by dtype then name and the JSON header is padded with spaces to a
 * multiple of 8 bytes. The tensors are read, not changed or freed. Async because reading a
 * webgpu tensor is.
 * @example
 * const bytes = await saveSafetensors(model.stateDict(), { format: 'pt' });
 * await writeFile('model.safetensors', bytes); // Node; in a browser, wrap it in a Blob
 */
export async function saveSafetensors(
  tensors: Record<string, Tensor> | Map<string, Tensor>,
  metadata?: Record<string, string>,
): Promise<Uint8Array> {
  const entries = entriesOf(tensors);
  checkInputs(entries, metadata);
  entries.sort(([a, x], [b, y]) => DTYPE_ORDER[x.dtype] - DTYPE_ORDER[y.dtype] || (a < b ? -1 : a > b ? 1 : 0));
  // Built by hand: JSON.stringify of one object would move integer-like names first.
  const fields: string[] = metadata === undefined ? [] : [`"__metadata__":${JSON.stringify(metadata)}`];
  let offset = 0;
  for (const [name, t] of entries) {
    const bytes = t.size * ELEMENT_BYTES[t.dtype];
    fields.push(`${JSON.stringify(name)}:${JSON.stringify({ dtype: WRITTEN_DTYPE[t.dtype], shape: t.shape, data_offsets: [offset, offset + bytes] })}`);
    offset += bytes;
  }
  const json = new TextEncoder().encode(`{${fields.join(',')}}`);
  const headerBytes = json.length + ((8 - (json.length % 8)) % 8);
  const out = new Uint8Array(8 + headerBytes + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, headerBytes, true); // the high half of the u64 length stays 0
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerBytes);
  let position = 8 + headerBytes;
  for (const [, t] of entries) {
    const bytes = t.size * ELEMENT_BYTES[t.dtype];
    writeValues(new DataView(out.buffer, position, bytes), t.dtype, await t.data());
    position += bytes;
  }
  return out;
}
