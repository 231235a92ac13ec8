// What the wasm recurrent-gate kernels share on the host side: the thread count a call's
// rows pay for and the launch over rows (assembly/lstm-gates.ts and its siblings).
import type { ParallelKernel } from './threads.js';
import type { WasmRuntime } from './runtime.js';

/**
 * Below this many hidden units in a call (B·H) the gates run on one thread: each unit costs
 * a few exponentials, and waking the workers costs about as much as 16k of them.
 */
const PARALLEL_MIN_UNITS = 1 << 14;

/** Runs a gate kernel whose last two arguments are (thread, threads) over the batch's rows. */
export function runGateRows(rt: WasmRuntime, kernel: ParallelKernel, args: number[], B: number, H: number): void {
  const threads = rt.pool && B > 1 && B * H >= PARALLEL_MIN_UNITS ? Math.min(rt.pool.threads, B) : 1;
  const full = [...args, 0, 1];
  if (rt.pool) rt.pool.run(kernel, full, args.length, threads);
  else (rt.exports[kernel] as (...a: number[]) => void)(...full);
}
