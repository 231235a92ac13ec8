// The activations of the recurrent gate kernels as real (not inlined) functions: each gate
// kernel calls them several times per hidden unit, and inlining the exp polynomial at every
// call would add kilobytes to the module that every app downloads, for no measurable speed.
import { sigmoidV, tanhV } from './simd';

/** σ on four lanes. */
export function sigmoidLanes(x: v128): v128 {
  return sigmoidV(x);
}

/** tanh on four lanes. */
export function tanhLanes(x: v128): v128 {
  return tanhV(x);
}
