// Turning autograd on. Loading the package is the request for gradients: the module's
// evaluation installs core's kernel recorder and the Tensor methods, so the PyTorch order
// (leaves with requiresGrad, a forward pass, then backward) works with nothing else to call.
// The package keeps "sideEffects": false: a bundler drops it only when no export of it is
// used, and then nobody asked for gradients.
import { setKernelRecorder } from '@tessera/core';
import { installTensorMethods } from './methods.js';
import { record } from './record.js';

let enabled = false;

/**
 * Starts recording operations on tensors that require a gradient, and adds `t.backward()`
 * and `t.detach()` to tensors. Loading @tessera/autograd already does this; the function
 * stays for code that wants to say so explicitly. Idempotent.
 * @example enableAutograd(); const w = tensor([1, 2], { requiresGrad: true });
 */
export function enableAutograd(): void {
  if (enabled) return;
  setKernelRecorder(record);
  installTensorMethods();
  enabled = true;
}

enableAutograd();
