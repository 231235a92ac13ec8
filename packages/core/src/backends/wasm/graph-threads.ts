// When the graph kernels split their destination rows over worker threads.

/**
 * Below this many multiply-adds (edges × heads × features) a graph kernel runs on one thread:
 * waking workers costs tens of microseconds, as for matmul (see matmul.ts).
 */
const PARALLEL_MIN_WORK = 1 << 20;

/** The thread count for a graph kernel of `work` multiply-adds. */
export function graphThreads(pool: { threads: number } | null, work: number): number {
  return pool && work >= PARALLEL_MIN_WORK ? pool.threads : 1;
}
