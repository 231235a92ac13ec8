// How the graph kernels split a CSR's destination rows over threads: by edge count rather
// than by row count, so that a few high-degree nodes do not leave one thread with most of
// the work.

/** The first row whose edges start at or after edge `edge` (binary search of rowPtr). */
function rowAtEdge(rowPtr: usize, rows: i32, edge: i32): i32 {
  let lo = 0, hi = rows;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (load<i32>(rowPtr + (<usize>mid << 2)) < edge) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first row of thread `thread`'s share of `rows` rows (the share of `threads` ends where the next starts). */
export function firstRowOf(rowPtr: usize, rows: i32, thread: i32, threads: i32): i32 {
  if (thread == 0) return 0;
  if (thread == threads) return rows;
  const edges = load<i32>(rowPtr + (<usize>rows << 2));
  return rowAtEdge(rowPtr, rows, <i32>((<i64>edges * thread) / threads));
}
