// Timing: every peer of a case is measured in interleaved rounds, so that a machine that
// speeds up or slows down during the run (a shared VM, frequency changes) moves all peers
// alike and leaves their ratios alone. Medians over the samples.

/** The median of a list of numbers. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Measures one case on every peer that runs it. `peers` are `{ label, prepare(case) }`;
 * prepare returns null or `{ activate?, run, dispose }`. After one warm-up run each, every
 * round gives each peer a slice of `sliceMs` (at least one run), timing each run; rounds
 * repeat until `budgetMs` is spent (at least `minRounds`, at most `maxRounds`).
 * Calls `onResult(peer, { medianMs, samples })` per peer and disposes what it prepared.
 */
export async function measureCase(c, peers, onResult, { sliceMs = 150, budgetMs = 10000, minRounds = 3, maxRounds = 15 } = {}) {
  const entries = [];
  try {
    for (const peer of peers) {
      const prepared = await peer.prepare(c);
      if (prepared) entries.push({ peer, prepared, samples: [] });
    }
    for (const e of entries) {
      await e.prepared.activate?.();
      await e.prepared.run();
    }
    const start = performance.now();
    for (let round = 0; round < maxRounds && (round < minRounds || performance.now() - start < budgetMs); round++) {
      for (const e of entries) {
        await e.prepared.activate?.();
        const sliceStart = performance.now();
        do {
          const t0 = performance.now();
          await e.prepared.run();
          e.samples.push(performance.now() - t0);
        } while (performance.now() - sliceStart < sliceMs);
      }
    }
    for (const e of entries) onResult(e.peer, { medianMs: median(e.samples), samples: e.samples });
  } finally {
    for (const e of entries) e.prepared.dispose();
  }
}
