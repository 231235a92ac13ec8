// The fused GRU cell update on wasm: r, z and n from the input and hidden projections (r|z|n
// blocks; the hidden n block, with b_hn, is multiplied by r as in PyTorch), four hidden units
// at a time; rows are split over threads in contiguous blocks.
import { sigmoidLanes, tanhLanes } from './gate-math';
import { firstRow, loadLanes, storeLanes } from './simd';

/** Hidden unit `j` (four of them when `full`) of one row: writes h. */
function unit(x: usize, y: usize, hp: usize, out: usize, block: usize, j: usize, full: bool): void {
  const r = sigmoidLanes(f32x4.add(loadLanes(x + j, full), loadLanes(y + j, full)));
  const z = sigmoidLanes(f32x4.add(loadLanes(x + block + j, full), loadLanes(y + block + j, full)));
  const n = tanhLanes(f32x4.add(loadLanes(x + 2 * block + j, full), f32x4.mul(r, loadLanes(y + 2 * block + j, full))));
  // (1 − z)·n + z·hPrev = n + z·(hPrev − n)
  storeLanes(out + j, f32x4.add(n, f32x4.mul(z, f32x4.sub(loadLanes(hp + j, full), n))), full);
}

/**
 * `out [B, H]` = h from `gi [B, 3H]`, `gh [B, 3H]` and `hPrev [B, H]` (float32), for this
 * thread's share of the rows.
 */
export function gruGates(gi: usize, gh: usize, hPrev: usize, out: usize, B: i32, H: i32, thread: i32, threads: i32): void {
  const block = <usize>H << 2;
  const last = firstRow(B, thread + 1, threads);
  for (let b = firstRow(B, thread, threads); b < last; b++) {
    const x = gi + <usize>b * 3 * block, y = gh + <usize>b * 3 * block;
    const hp = hPrev + <usize>b * block, o = out + <usize>b * block;
    let j: usize = 0;
    for (; j + 16 <= block; j += 16) unit(x, y, hp, o, block, j, true);
    for (; j < block; j += 4) unit(x, y, hp, o, block, j, false);
  }
}
