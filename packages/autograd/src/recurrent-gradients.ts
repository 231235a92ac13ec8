// Gradient rules of the fused recurrent gate kernels (core's lstmGates and gruGates): each
// backward is one kernel that recomputes the activations from the saved inputs, so a
// recurrence's backward runs one fused kernel per step, like its forward.
import { narrow, runKernel } from '@tessera/core';
import type { GradientRule } from './rule.js';

/** dGates and dcPrev from one `lstmGatesGrad` (side by side in its `[B, 5H]` output). */
export const lstmGatesRule: GradientRule<'lstmGates'> = {
  saves: { inputs: [0, 1], output: false },
  grad: (g, { input, needs, shapes }) => {
    const [B, H] = shapes[1];
    const packed = runKernel('lstmGatesGrad', [input(0), input(1), g], {}, [B, 5 * H], 'float32');
    return [needs[0] ? narrow(packed, 1, 0, 4 * H) : null, needs[1] ? narrow(packed, 1, 4 * H, H) : null];
  },
};

/** dGi, dGh and dhPrev from one `gruGatesGrad` (side by side in its `[B, 7H]` output). */
export const gruGatesRule: GradientRule<'gruGates'> = {
  saves: { inputs: [0, 1, 2], output: false },
  grad: (g, { input, needs, shapes }) => {
    const [B, H] = shapes[2];
    const packed = runKernel('gruGatesGrad', [input(0), input(1), input(2), g], {}, [B, 7 * H], 'float32');
    return [
      needs[0] ? narrow(packed, 1, 0, 3 * H) : null,
      needs[1] ? narrow(packed, 1, 3 * H, 3 * H) : null,
      needs[2] ? narrow(packed, 1, 6 * H, H) : null,
    ];
  },
};

/** The backward kernels are not differentiated again: a clear error instead of a wrong answer. */
function noDoubleBackward(op: string, kernel: string): GradientRule<'lstmGatesGrad' | 'gruGatesGrad'> {
  return {
    saves: { inputs: [], output: false },
    grad: () => {
      throw new Error(`${op}: double backward (a gradient of the gradient, through ${kernel}) is not supported`);
    },
  };
}

/** The rule of the LSTM backward kernel: an error (no double backward). */
export const lstmGatesGradRule = noDoubleBackward('lstmGates', 'lstmGatesGrad');
/** The rule of the GRU backward kernel: an error (no double backward). */
export const gruGatesGradRule = noDoubleBackward('gruGates', 'gruGatesGrad');
