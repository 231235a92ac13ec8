// The fused attention forward pass (flash-attention style): each block of ROWS query rows
// walks the keys in tiles of KEYS. A tile's scores are one productTile against the keys
// transposed, its weights one accumulateTile into the output rows; between them each row
// updates its running maximum and running sum of exponentials (the online softmax). Only a
// ROWS×KEYS tile of scores ever exists. Blocks are dealt out to threads round-robin, which
// balances causal attention (later rows see more keys).
import { finishRow, rowAt, scaleRow } from './attention-rows';
import { accumulateTile, KEYS, productTile, ROWS } from './attention-tiles';
import { maxNaN } from './scalar';
import { expV, hsum } from './simd';

/** Bytes of scratch one thread needs: the score tile, running max and sum, and the output rows. */
export function attentionScratchBytes(valueDepth: i32): i32 {
  return (ROWS * KEYS + 2 * ROWS + ROWS * valueDepth) * 4 + 64;
}

/** The maximum of a tile row of KEYS scores (NaN if any is NaN). */
@inline function tileMax(row: usize): f32 {
  let m = f32x4.splat(-Infinity);
  for (let c = 0; c < KEYS; c += 4) m = f32x4.max(m, v128.load(row + (<usize>c << 2)));
  return maxNaN(maxNaN(f32x4.extract_lane(m, 0), f32x4.extract_lane(m, 1)), maxNaN(f32x4.extract_lane(m, 2), f32x4.extract_lane(m, 3)));
}

/** Replaces a tile row of scores by exp(score − shift) and returns their sum. */
@inline function tileExp(row: usize, shift: f32): f32 {
  const vs = f32x4.splat(shift);
  let sum = f32x4.splat(0);
  for (let c = 0; c < KEYS; c += 4) {
    const o = <usize>c << 2;
    const p = expV(f32x4.sub(v128.load(row + o), vs));
    v128.store(row + o, p);
    sum = f32x4.add(sum, p);
  }
  return hsum(sum);
}

/**
 * `out [B, L, Ev + 1]`: softmax(scale·QKᵀ + mask)·V and each row's log-sum-exp (see
 * `attention` in src/kernels.ts); a row with no finite score gives zeros and −∞. `kT` is the
 * keys transposed per batch, `[B, E, keyStride]` (keyStride ≥ S + KEYS, zero-padded). The mask
 * is additive, with element strides `mb, mr, mc` (0 = broadcast), or absent when `mask` is 0.
 */
export function attention(
  q: usize, kT: usize, v: usize, mask: usize, out: usize, batch: i32, L: i32, S: i32, E: i32, Ev: i32,
  scale: f32, causal: bool, mb: i32, mr: i32, mc: i32, keyStride: i32, thread: i32, threads: i32, scratch: usize,
): void {
  const tile = scratch + <usize>thread * <usize>attentionScratchBytes(Ev);
  const maxes = tile + ROWS * KEYS * 4;
  const sums = maxes + ROWS * 4;
  const acc = sums + ROWS * 4;
  const perBatch = (L + ROWS - 1) / ROWS;
  const blocks = batch * perBatch;
  for (let block = thread; block < blocks; block += threads) {
    const b = block / perBatch;
    const i0 = (block % perBatch) * ROWS;
    const rows = min(ROWS, L - i0);
    const keys = kT + ((<usize>b * <usize>E * <usize>keyStride) << 2);
    for (let r = 0; r < ROWS; r++) {
      store<f32>(maxes + (<usize>r << 2), -Infinity);
      store<f32>(sums + (<usize>r << 2), 0);
    }
    memory.fill(acc, 0, <usize>(ROWS * Ev) << 2);
    // The keys that some row of the block sees.
    const end = causal ? min(S, i0 + rows) : S;
    for (let j0 = 0; j0 < end; j0 += KEYS) {
      const cols = min(KEYS, end - j0);
      productTile(rowAt(q, b * L + i0, E), E, rows, keys + (<usize>j0 << 2), keyStride, E, tile);
      for (let r = 0; r < ROWS; r++) {
        const row = tile + (<usize>(r * KEYS) << 2);
        if (r >= rows) {
          // Rows past the block weigh nothing.
          memory.fill(row, 0, KEYS * 4);
          continue;
        }
        const i = i0 + r;
        const visible = min(cols, (causal ? min(S, i + 1) : S) - j0);
        finishRow(row, KEYS, scale, 0, 0, visible, mask, b, i, j0, false, mb, mr, mc);
        const m = load<f32>(maxes + (<usize>r << 2));
        const next = maxNaN(m, tileMax(row));
        if (next == -Infinity) {
          // Nothing visible to this row yet: the tile contributes no weight.
          memory.fill(row, 0, KEYS * 4);
          continue;
        }
        // NOTE: m = −∞ (first visible tile) gives a rescale of exp(−∞) = 0 on zero state.
        const rescale = <f32>Math.exp(<f64>(m - next));
        const sum = tileExp(row, next);
        store<f32>(sums + (<usize>r << 2), load<f32>(sums + (<usize>r << 2)) * rescale + sum);
        store<f32>(maxes + (<usize>r << 2), next);
        if (rescale != 1) scaleRow(rowAt(acc, r, Ev), rescale, Ev);
      }
      accumulateTile(acc, tile, rowAt(v, b * S + j0, Ev), Ev, cols, Ev);
    }
    for (let r = 0; r < rows; r++) {
      const o = rowAt(out, b * L + i0 + r, Ev + 1);
      const m = load<f32>(maxes + (<usize>r << 2));
      const sum = load<f32>(sums + (<usize>r << 2));
      const a = rowAt(acc, r, Ev);
      if (m == -Infinity) {
        memory.fill(o, 0, <usize>Ev << 2);
        store<f32>(o + (<usize>Ev << 2), -Infinity);
        continue;
      }
      const inverse = <f32>1 / sum;
      for (let c = 0; c < Ev; c++) store<f32>(o + (<usize>c << 2), load<f32>(a + (<usize>c << 2)) * inverse);
      store<f32>(o + (<usize>Ev << 2), m + <f32>Math.log(<f64>sum));
    }
  }
}
