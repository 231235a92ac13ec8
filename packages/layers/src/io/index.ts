// Reading and writing tensors in the safetensors format.
export { loadSafetensors } from './load-safetensors.js';
export { saveSafetensors } from './save-safetensors.js';
export { readSafetensorsHeader, MAX_HEADER_BYTES } from './safetensors-header.js';
export type { SafetensorsHeader, SafetensorsTensorInfo } from './safetensors-header.js';
export type { SafetensorsDType } from './safetensors-dtypes.js';
