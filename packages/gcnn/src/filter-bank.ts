// The transformed filter bank of a lifting or group convolution: for every output group
// element h, the filters moved by h (planes rotated/mirrored, input group axis permuted),
// stacked so that one ordinary conv2d computes every orientation at once.
import { indexSelect, matmul, reshape, tensor, tidy, type Tensor } from '@tessera/core';
import type { Group } from './groups.js';
import { rotationSampling, samplingPermutation } from './rotation-sampling.js';

/** Element h's filter transform as a k²×k² matrix (input pixel by output pixel): rotation, then the mirror of the last axis. */
function planeTransform(group: Group, h: number, k: number): Float32Array {
  const [r, m] = group.decompose(h);
  const rotation = rotationSampling(k, (2 * Math.PI * r) / group.rotations);
  if (!m) return rotation;
  const size = k * k;
  const mirrored = new Float32Array(size * size);
  for (let q = 0; q < size; q++) {
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < k; j++) mirrored[q * size + i * k + j] = rotation[q * size + i * k + (k - 1 - j)];
    }
  }
  return mirrored;
}

/**
 * Builds `bank[o·|G| + h, i·Gin + t] = L_h W[o, i, h⁻¹t]` from a weight `[C', C, k, k]`
 * (lifting: Gin = 1) or `[C', C, |G|, k, k]` (group convolution), where L_h moves the k×k
 * plane. Exact groups need one index gather; interpolated ones gather the group axis and
 * then multiply by each element's interpolation matrix.
 */
export class FilterBank {
  readonly #index: Int32Array;
  readonly #interpolation: Float32Array | null;

  constructor(readonly group: Group, readonly inChannels: number, readonly inOrder: number, readonly kernelSize: number) {
    const [G, C, kk] = [group.order, inChannels, kernelSize * kernelSize];
    const transforms = Array.from({ length: G }, (_, h) => planeTransform(group, h, kernelSize));
    const permutations = transforms.map((t) => samplingPermutation(t, kernelSize));
    const exact = permutations.every((p) => p !== null);
    const index = new Int32Array(G * C * inOrder * kk);
    let n = 0;
    for (let h = 0; h < G; h++) {
      const hInverse = group.inverse(h);
      for (let i = 0; i < C; i++) {
        for (let t = 0; t < inOrder; t++) {
          const source = inOrder === 1 ? 0 : group.compose(hInverse, t);
          for (let p = 0; p < kk; p++) index[n++] = (i * inOrder + source) * kk + (exact ? (permutations[h] as Int32Array)[p] : p);
        }
      }
    }
    this.#index = index;
    this.#interpolation = exact ? null : concat(transforms);
  }

  /** The bank `[C'·|G|, C·Gin, k, k]` for `weight`, differentiable in it. */
  build(weight: Tensor): Tensor {
    const [G, k] = [this.group.order, this.kernelSize];
    const out = weight.shape[0];
    return tidy(() => {
      const flat = reshape(weight, [out, this.inChannels * this.inOrder * k * k]);
      const gathered = indexSelect(flat, 1, tensor(this.#index, { dtype: 'int32' }));
      if (this.#interpolation === null) return reshape(gathered, [out * G, this.inChannels * this.inOrder, k, k]);
      const planes = reshape(gathered, [out, G, this.inChannels * this.inOrder, k * k]);
      const matrices = reshape(tensor(this.#interpolation, { dtype: 'float32' }), [G, k * k, k * k]);
      return reshape(matmul(planes, matrices), [out * G, this.inChannels * this.inOrder, k, k]);
    });
  }
}

function concat(arrays: Float32Array[]): Float32Array {
  const all = new Float32Array(arrays.reduce((n, a) => n + a.length, 0));
  let offset = 0;
  for (const a of arrays) {
    all.set(a, offset);
    offset += a.length;
  }
  return all;
}
