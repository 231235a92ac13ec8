// Rotation of a k×k grid about its centre as a linear map, for groups whose angles are not
// multiples of 90°: bilinear weights, zero outside the grid. Exact angles give a permutation.

/** Snaps coordinates that differ from an integer by rounding noise only (cos 90° ≈ 6e-17). */
function snap(v: number): number {
  const nearest = Math.round(v);
  return Math.abs(v - nearest) < 1e-9 ? nearest : v;
}

/**
 * The `[k², k²]` matrix `M` (row-major, input pixel by output pixel) with which a row of
 * flattened k×k planes rotates by `angle` radians: `rotated = planes @ M`. The direction is
 * `rot90`'s on the last two axes: `angle = π/2` reproduces `rot90(x, 1, [-2, -1])`.
 */
export function rotationSampling(k: number, angle: number): Float32Array {
  const matrix = new Float32Array(k * k * k * k);
  const centre = (k - 1) / 2;
  const [cos, sin] = [Math.cos(angle), Math.sin(angle)];
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const [y, x] = [i - centre, j - centre];
      // Output (i, j) reads the input where the inverse rotation takes it.
      const row = snap(y * cos + x * sin + centre);
      const col = snap(-y * sin + x * cos + centre);
      const [r0, c0] = [Math.floor(row), Math.floor(col)];
      for (const [r, wr] of [[r0, 1 - (row - r0)], [r0 + 1, row - r0]]) {
        for (const [c, wc] of [[c0, 1 - (col - c0)], [c0 + 1, col - c0]]) {
          if (wr * wc === 0 || r < 0 || r >= k || c < 0 || c >= k) continue;
          matrix[(r * k + c) * k * k + i * k + j] += wr * wc;
        }
      }
    }
  }
  return matrix;
}

/** For a permutation matrix from rotationSampling, the input pixel each output pixel copies; null otherwise. */
export function samplingPermutation(matrix: Float32Array, k: number): Int32Array | null {
  const size = k * k;
  const source = new Int32Array(size).fill(-1);
  for (let q = 0; q < size; q++) {
    for (let p = 0; p < size; p++) {
      const w = matrix[q * size + p];
      if (w === 0) continue;
      if (w !== 1 || source[p] !== -1) return null;
      source[p] = q;
    }
  }
  return source.includes(-1) ? null : source;
}
