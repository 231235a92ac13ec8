// The backward of the fused GRU cell update on wasm: r, z and n are recomputed from the
// saved projections, four hidden units at a time; rows are split over threads in blocks.
import { sigmoidLanes, tanhLanes } from './gate-math';
import { firstRow, loadLanes, storeLanes } from './simd';

/** Hidden unit `j` (four of them when `full`) of one row: writes dGi (r|z|n), dGh (r|z|n), dhPrev. */
function unit(x: usize, y: usize, hp: usize, d: usize, out: usize, block: usize, j: usize, full: bool): void {
  const one = f32x4.splat(1);
  const r = sigmoidLanes(f32x4.add(loadLanes(x + j, full), loadLanes(y + j, full)));
  const z = sigmoidLanes(f32x4.add(loadLanes(x + block + j, full), loadLanes(y + block + j, full)));
  const hn = loadLanes(y + 2 * block + j, full);
  const n = tanhLanes(f32x4.add(loadLanes(x + 2 * block + j, full), f32x4.mul(r, hn)));
  const dh = loadLanes(d + j, full);
  const dn = f32x4.mul(f32x4.mul(dh, f32x4.sub(one, z)), f32x4.sub(one, f32x4.mul(n, n)));
  const dr = f32x4.mul(f32x4.mul(dn, hn), f32x4.mul(r, f32x4.sub(one, r)));
  const dz = f32x4.mul(f32x4.mul(dh, f32x4.sub(loadLanes(hp + j, full), n)), f32x4.mul(z, f32x4.sub(one, z)));
  storeLanes(out + j, dr, full);
  storeLanes(out + block + j, dz, full);
  storeLanes(out + 2 * block + j, dn, full);
  storeLanes(out + 3 * block + j, dr, full);
  storeLanes(out + 4 * block + j, dz, full);
  storeLanes(out + 5 * block + j, f32x4.mul(dn, r), full);
  storeLanes(out + 6 * block + j, f32x4.mul(dh, z), full);
}

/**
 * `out [B, 7H]` = dGi | dGh | dhPrev from `gi [B, 3H]`, `gh [B, 3H]`, `hPrev [B, H]` and
 * the gradient of h `gradOut [B, H]`, for this thread's share of the rows.
 */
export function gruGatesGrad(gi: usize, gh: usize, hPrev: usize, gradOut: usize, out: usize, B: i32, H: i32, thread: i32, threads: i32): void {
  const block = <usize>H << 2;
  const last = firstRow(B, thread + 1, threads);
  for (let b = firstRow(B, thread, threads); b < last; b++) {
    const x = gi + <usize>b * 3 * block, y = gh + <usize>b * 3 * block;
    const hp = hPrev + <usize>b * block, d = gradOut + <usize>b * block, o = out + <usize>b * 7 * block;
    let j: usize = 0;
    for (; j + 16 <= block; j += 16) unit(x, y, hp, d, o, block, j, true);
    for (; j < block; j += 4) unit(x, y, hp, d, o, block, j, false);
  }
}
