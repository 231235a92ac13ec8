// Timing helpers: a median over repeated runs after warm-up, with the run count lowered
// for cases slow enough that the full count would take minutes.

/** The median of a list of numbers. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Times `run` (async, computing and reading back the result): `warmup` untimed runs, then
 * up to `runs` timed ones, stopping early once `budgetMs` has been spent (at least 3 runs).
 * Returns the median and every sample, in milliseconds.
 */
export async function measure(run, { warmup = 2, runs = 10, budgetMs = 8000 } = {}) {
  for (let i = 0; i < warmup; i++) await run();
  const samples = [];
  const start = performance.now();
  while (samples.length < runs && (samples.length < 3 || performance.now() - start < budgetMs)) {
    const t0 = performance.now();
    await run();
    samples.push(performance.now() - t0);
  }
  return { medianMs: median(samples), samples };
}
