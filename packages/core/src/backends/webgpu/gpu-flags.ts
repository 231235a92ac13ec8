/// <reference path="./gpu-types.d.ts" />
// WebGPU's flag constants as plain numbers. Browsers define GPUBufferUsage and friends as
// globals but Dawn's Node bindings do not install them, so the backend carries its own copy.

/** GPUBufferUsage bits the backend uses. */
export const BufferUsage = {
  MAP_READ: 0x0001,
  COPY_SRC: 0x0004,
  COPY_DST: 0x0008,
  UNIFORM: 0x0040,
  STORAGE: 0x0080,
} as const;

/** GPUMapMode.READ. */
export const MAP_READ_MODE = 0x0001;

/** GPUShaderStage.COMPUTE. */
export const COMPUTE_STAGE = 0x4;
