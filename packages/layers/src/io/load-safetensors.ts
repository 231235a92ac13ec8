// loadSafetensors: a safetensors file's bytes → named tensors on the active backend.
import { reshape, tensor, tidy, type Tensor } from '@tessera/core';
import { readerFor } from './safetensors-dtypes.js';
import { asBytes, defineEntry, parseHeader } from './safetensors-header.js';

/**
 * Loads every tensor of a safetensors file onto the active backend, under its name in the
 * file (a PyTorch state_dict's keys, ready for `Module.loadStateDict`). F32, F64, F16 and BF16
 * load as float32; I64, I32, I16, I8 and U8 as int32 (an I64 value outside the int32 range is
 * an error); BOOL as bool. The whole header is validated before anything is allocated, and a
 * malformed file throws an Error naming the problem; on error no tensor is left behind. The
 * caller owns the returned tensors. Metadata is read with `readSafetensorsHeader`.
 * @example
 * const bytes = new Uint8Array(await (await fetch('model.safetensors')).arrayBuffer());
 * const weights = loadSafetensors(bytes);
 * model.loadStateDict(weights);
 * for (const t of Object.values(weights)) t.dispose();
 */
export function loadSafetensors(bytes: Uint8Array | ArrayBuffer): Record<string, Tensor> {
  const data = asBytes(bytes, 'loadSafetensors');
  const header = parseHeader(data, 'loadSafetensors');
  // tidy frees the tensors made so far if a later one fails (an I64 value out of range).
  return tidy(() => {
    const tensors: Record<string, Tensor> = {};
    for (const { name, dtype, shape, dataOffsets } of header.tensors) {
      const reader = readerFor(dtype, name, 'loadSafetensors');
      const [begin, end] = dataOffsets;
      const view = new DataView(data.buffer, data.byteOffset + header.dataOffset + begin, end - begin);
      const flat = tensor(reader.read(view, (end - begin) / reader.bytes, name), { dtype: reader.dtype });
      defineEntry(tensors, name, reshape(flat, shape));
    }
    return tensors;
  });
}
