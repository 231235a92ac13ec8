// The WebGPU API's types (GPUDevice, GPUBuffer, ...) for the webgpu backend's sources; they
// are not part of the package's public types, so users need no @webgpu/types.
/// <reference types="@webgpu/types" />
