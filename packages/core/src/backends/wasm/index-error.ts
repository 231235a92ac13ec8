// The error the indexing kernels raise for an index outside its axis, worded as the js
// backend words it.
import { opError } from '../../errors.js';
import type { WasmRuntime } from './runtime.js';

/**
 * Throws for a kernel's nonzero result `bad` (one more than the position of the first bad
 * index in the int32 index tensor at `index`).
 */
export function throwBadIndex(
  rt: WasmRuntime, op: string, bad: number, index: number, axis: number, size: number, phrase: 'out of bounds' | 'out of range',
): never {
  const value = new Int32Array(rt.buffer, index + (bad - 1) * 4, 1)[0];
  throw opError(op, `index ${value} is ${phrase} for dim ${axis} with size ${size}`);
}
