// Builds safetensors files byte by byte for the loader's tests, including malformed ones.

/** A file with `header` (an object, or raw text) and `buffer`; `length` overrides the header length field. */
export function safetensorsFile(header: unknown, buffer: Uint8Array = new Uint8Array(0), length?: bigint): Uint8Array {
  const json = new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + buffer.length);
  new DataView(out.buffer).setBigUint64(0, length ?? BigInt(json.length), true);
  out.set(json, 8);
  out.set(buffer, 8 + json.length);
  return out;
}

/** The little-endian bytes of float32 values. */
export function f32Bytes(values: number[]): Uint8Array {
  return new Uint8Array(Float32Array.from(values).buffer);
}
