// Turning autograd on. Importing the package changes nothing (it has no side effects); the
// recorder and the Tensor methods are installed by enableAutograd(), which every autograd
// function calls first, so using any of them before the forward pass is enough.
import { setKernelRecorder } from '@tessera/core';
import { installTensorMethods } from './methods.js';
import { record } from './record.js';

let enabled = false;

/**
 * Starts recording operations on tensors that require a gradient, and adds
 * `t.backward()` and `t.detach()` to tensors. Idempotent. grad(), valueAndGrad(), backward(),
 * noGrad(), enableGrad() and zeroGrad() call it too; call it yourself when the first thing you
 * run is a forward pass on tensors created with `requiresGrad: true`.
 * @example enableAutograd(); const w = tensor([1, 2], { requiresGrad: true });
 */
export function enableAutograd(): void {
  if (enabled) return;
  setKernelRecorder(record);
  installTensorMethods();
  enabled = true;
}

/** Whether enableAutograd() has run. */
export function autogradEnabled(): boolean {
  return enabled;
}
