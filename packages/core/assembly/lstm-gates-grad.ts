// The backward of the fused LSTM cell update on wasm: the activations are recomputed from
// the pre-activations and cPrev (cheaper than storing five [B, H] blocks per step), four
// hidden units at a time; rows are split over threads in contiguous blocks.
import { sigmoidLanes, tanhLanes } from './gate-math';
import { firstRow, loadLanes, storeLanes } from './simd';

/** σ'(x) = s·(1 − s) from s = σ(x). */
@inline function sigmoidSlope(s: v128): v128 {
  return f32x4.mul(s, f32x4.sub(f32x4.splat(1), s));
}

/** Hidden unit `j` (four of them when `full`) of one row: writes dGates (i|f|g|o) and dcPrev. */
function unit(a: usize, cp: usize, d: usize, out: usize, block: usize, j: usize, full: bool): void {
  const one = f32x4.splat(1);
  const i = sigmoidLanes(loadLanes(a + j, full));
  const f = sigmoidLanes(loadLanes(a + block + j, full));
  const g = tanhLanes(loadLanes(a + 2 * block + j, full));
  const o = sigmoidLanes(loadLanes(a + 3 * block + j, full));
  const cPrev = loadLanes(cp + j, full);
  const tc = tanhLanes(f32x4.add(f32x4.mul(f, cPrev), f32x4.mul(i, g)));
  const dh = loadLanes(d + j, full);
  // The gradient reaching c: its own plus the path through h = o·tanh(c).
  const dc = f32x4.add(loadLanes(d + block + j, full), f32x4.mul(f32x4.mul(dh, o), f32x4.sub(one, f32x4.mul(tc, tc))));
  storeLanes(out + j, f32x4.mul(f32x4.mul(dc, g), sigmoidSlope(i)), full);
  storeLanes(out + block + j, f32x4.mul(f32x4.mul(dc, cPrev), sigmoidSlope(f)), full);
  storeLanes(out + 2 * block + j, f32x4.mul(f32x4.mul(dc, i), f32x4.sub(one, f32x4.mul(g, g))), full);
  storeLanes(out + 3 * block + j, f32x4.mul(f32x4.mul(dh, tc), sigmoidSlope(o)), full);
  storeLanes(out + 4 * block + j, f32x4.mul(dc, f), full);
}

/**
 * `out [B, 5H]` = dGates | dcPrev from `gates [B, 4H]`, `cPrev [B, H]` and the gradient of
 * lstmGates' output `gradOut [B, 2H]` (dh | dc), for this thread's share of the rows.
 */
export function lstmGatesGrad(gates: usize, cPrev: usize, gradOut: usize, out: usize, B: i32, H: i32, thread: i32, threads: i32): void {
  const block = <usize>H << 2;
  const last = firstRow(B, thread + 1, threads);
  for (let b = firstRow(B, thread, threads); b < last; b++) {
    const a = gates + <usize>b * 4 * block, cp = cPrev + <usize>b * block;
    const d = gradOut + <usize>b * 2 * block, o = out + <usize>b * 5 * block;
    let j: usize = 0;
    for (; j + 16 <= block; j += 16) unit(a, cp, d, o, block, j, true);
    for (; j < block; j += 4) unit(a, cp, d, o, block, j, false);
  }
}
