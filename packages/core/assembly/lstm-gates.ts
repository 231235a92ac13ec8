// The fused LSTM cell update on wasm: one pass over the four gate blocks (i|f|g|o) of each
// row, four hidden units at a time, so a recurrent step costs one kernel instead of ten
// element-wise ops. Rows are split over threads in contiguous blocks.
import { sigmoidLanes, tanhLanes } from './gate-math';
import { firstRow, loadLanes, storeLanes } from './simd';

/** Hidden unit `j` (four of them when `full`) of one row: writes h and c. */
function unit(a: usize, cp: usize, out: usize, block: usize, j: usize, full: bool): void {
  const i = sigmoidLanes(loadLanes(a + j, full));
  const f = sigmoidLanes(loadLanes(a + block + j, full));
  const g = tanhLanes(loadLanes(a + 2 * block + j, full));
  const o = sigmoidLanes(loadLanes(a + 3 * block + j, full));
  const c = f32x4.add(f32x4.mul(f, loadLanes(cp + j, full)), f32x4.mul(i, g));
  storeLanes(out + j, f32x4.mul(o, tanhLanes(c)), full);
  storeLanes(out + block + j, c, full);
}

/**
 * `out [B, 2H]` = h | c from `gates [B, 4H]` and `cPrev [B, H]` (float32), for this
 * thread's share of the rows.
 */
export function lstmGates(gates: usize, cPrev: usize, out: usize, B: i32, H: i32, thread: i32, threads: i32): void {
  const block = <usize>H << 2;
  const last = firstRow(B, thread + 1, threads);
  for (let b = firstRow(B, thread, threads); b < last; b++) {
    const a = gates + <usize>b * 4 * block, cp = cPrev + <usize>b * block, o = out + <usize>b * 2 * block;
    let j: usize = 0;
    for (; j + 16 <= block; j += 16) unit(a, cp, o, block, j, true);
    for (; j < block; j += 4) unit(a, cp, o, block, j, false);
  }
}
