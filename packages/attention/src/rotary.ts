// Rotary position embedding (RoPE, Su et al. 2021), as LLaMA applies it to queries and keys:
// each pair of features is rotated by an angle proportional to the position.
import { cast, cat, cos, narrow, reshape, sin, tensor, tidy, unsqueeze, type Tensor } from '@tessera/core';
import { check, checkFloat, fmt } from './args.js';

/** Options of applyRotaryEmbedding. */
export interface RotaryEmbeddingOptions {
  /** θ_i = base^(-2i/D). Default 10000. */
  base?: number;
  /**
   * Pairs are features (2i, 2i+1), as Meta's LLaMA (default true); false pairs i with i + D/2
   * (the "rotate half" layout of Hugging Face checkpoints).
   */
  interleaved?: boolean;
}

/** Rotates pairs (x1, x2) by the angles: (x1 cos − x2 sin, x2 cos + x1 sin), joined along `dim`. */
function rotate(x1: Tensor, x2: Tensor, cosines: Tensor, sines: Tensor, dim: number): Tensor {
  return cat([x1.mul(cosines).sub(x2.mul(sines)), x2.mul(cosines).add(x1.mul(sines))], dim);
}

function applyOne(x: Tensor, cosines: Tensor, sines: Tensor, interleaved: boolean): Tensor {
  const half = x.shape[x.ndim - 1] / 2;
  if (!interleaved) return rotate(narrow(x, -1, 0, half), narrow(x, -1, half, half), cosines, sines, -1);
  const pairs = reshape(x, [...x.shape.slice(0, -1), half, 2]);
  const [c, s] = [unsqueeze(cosines, -1), unsqueeze(sines, -1)];
  return reshape(rotate(narrow(pairs, -1, 0, 1), narrow(pairs, -1, 1, 1), c, s, -1), x.shape);
}

/**
 * Rotates queries `[..., L, D]` and keys `[..., L, D]` (D even) at `positions` (L integers,
 * an array or int32 tensor): feature pair i at position p turns by p·base^(-2i/D).
 * Returns `[q, k]`; dot products of the results depend on relative positions only.
 * @example const [qr, kr] = applyRotaryEmbedding(q, k, [0, 1, 2, 3]); // q, k: [B, H, 4, 64]
 */
export function applyRotaryEmbedding(q: Tensor, k: Tensor, positions: number[] | Tensor, options: RotaryEmbeddingOptions = {}): [Tensor, Tensor] {
  const where = 'applyRotaryEmbedding';
  const { base = 10000, interleaved = true } = options;
  checkFloat(where, 'q', q, [2, 3, 4, 5, 6]);
  checkFloat(where, 'k', k, [2, 3, 4, 5, 6]);
  const D = q.shape[q.ndim - 1];
  const L = q.shape[q.ndim - 2];
  const count = Array.isArray(positions) ? positions.length : positions.size;
  const shapes = `q ${fmt(q.shape)}, k ${fmt(k.shape)}, ${count} positions`;
  check(D % 2 === 0 && k.shape[k.ndim - 1] === D, where, () => `q and k must share an even last dimension, got ${shapes}`);
  check(k.shape[k.ndim - 2] === L && count === L, where, () => `q, k and positions must have the same length L (dimension -2), got ${shapes}`);
  if (!Array.isArray(positions)) check(positions.dtype === 'int32' && positions.ndim === 1, where, () => `positions must be a 1-D int32 tensor, got ${positions.dtype} ${fmt(positions.shape)}`);
  check(typeof base === 'number' && base > 0, where, () => `base must be a positive number, got ${base}`);
  return tidy(() => {
    const p = Array.isArray(positions) ? tensor(Float32Array.from(positions)) : cast(positions, 'float32');
    const inverse = Float32Array.from({ length: D / 2 }, (_, i) => base ** (-(2 * i) / D));
    // Angles in float32 on the device, as PyTorch's reference forms them.
    const angles = reshape(p, [L, 1]).mul(reshape(tensor(inverse), [1, D / 2]));
    const [c, s] = [cos(angles), sin(angles)];
    return [applyOne(q, c, s, interleaved), applyOne(k, c, s, interleaved)] as [Tensor, Tensor];
  });
}
