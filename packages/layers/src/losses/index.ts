// Losses as functions (PyTorch's torch.nn.functional names) and as modules (torch.nn names).
export * from './functional.js';
export * from './modules.js';
