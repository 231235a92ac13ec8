// Dense matrix products on row-major typed arrays, shared by matmul and both convolutions
// (which run as im2col/col2im around a product). The i-k-j loop order streams rows of b and
// of the output; floats accumulate each output row in float64.
import type { TypedArray } from '../../dtype.js';

/** Any typed array a product reads from or writes to. */
export type Matrix = TypedArray | Float64Array;

/** The `rows × cols` matrix at `offset` of `source`, transposed into a new array of the same type. */
export function transposeMatrix<T extends Matrix>(source: T, offset: number, rows: number, cols: number): T {
  const t = new (source.constructor as new (length: number) => T)(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) t[c * rows + r] = source[offset + r * cols + c];
  return t;
}

/**
 * Writes `a[M,K] @ b[K,N]` (row-major, at the given offsets) to `out` at `outOffset`. Each
 * pass over an output row takes four rows of b, which quarters the row's loads and stores.
 */
export function gemmFloat(a: Matrix, aOffset: number, b: Matrix, bOffset: number, out: Matrix, outOffset: number, m: number, k: number, n: number): void {
  const row = new Float64Array(n);
  const k4 = k - (k % 4);
  for (let i = 0; i < m; i++) {
    row.fill(0);
    const aRow = aOffset + i * k;
    for (let p = 0; p < k4; p += 4) {
      const [a0, a1, a2, a3] = [a[aRow + p], a[aRow + p + 1], a[aRow + p + 2], a[aRow + p + 3]];
      const b0 = bOffset + p * n;
      const b1 = b0 + n;
      const b2 = b1 + n;
      const b3 = b2 + n;
      for (let j = 0; j < n; j++) row[j] += a0 * b[b0 + j] + a1 * b[b1 + j] + a2 * b[b2 + j] + a3 * b[b3 + j];
    }
    for (let p = k4; p < k; p++) {
      const aik = a[aRow + p];
      const bRow = bOffset + p * n;
      for (let j = 0; j < n; j++) row[j] += aik * b[bRow + j];
    }
    out.set(row, outOffset + i * n);
  }
}

/** As gemmFloat for int32: products and sums wrap at 32 bits at every step. */
export function gemmInt(a: Matrix, aOffset: number, b: Matrix, bOffset: number, out: Matrix, outOffset: number, m: number, k: number, n: number): void {
  const row = new Int32Array(n);
  for (let i = 0; i < m; i++) {
    row.fill(0);
    const aRow = aOffset + i * k;
    for (let p = 0; p < k; p++) {
      const aik = a[aRow + p];
      const bRow = bOffset + p * n;
      for (let j = 0; j < n; j++) row[j] = (row[j] + Math.imul(aik, b[bRow + j])) | 0;
    }
    out.set(row, outOffset + i * n);
  }
}
