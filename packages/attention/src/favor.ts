// FAVOR+ (Choromanski et al., "Rethinking Attention with Performers", 2021): softmax attention
// approximated with positive random features, in time and memory linear in the sequence length.
import { add, cat, div, exp, matmul, max, mul, narrow, randn, sqrt, square, sum, tidy, transpose, tril, unsqueeze, zeros, type Tensor } from '@tessera/core';
import { detach } from '@tessera/autograd';
import { init } from '@tessera/layers';
import { check, checkFloat, checkSize, fmt } from './args.js';

/** Options of drawRandomFeatures. */
export interface RandomFeaturesOptions {
  /** Orthogonal blocks of `dim` rows (lower variance, the paper's FAVOR+). Default true. */
  orthogonal?: boolean;
}

/**
 * Draws the `[numFeatures, dim]` projection of FAVOR+ from core's seeded generator: rows
 * w ~ N(0, I), or with `orthogonal` blocks of `dim` orthonormal rows rescaled by the norms
 * of Gaussian vectors (chi-distributed), so each row keeps the N(0, I) length distribution.
 * @example manualSeed(0); const w = drawRandomFeatures(64, 32);
 */
export function drawRandomFeatures(numFeatures: number, dim: number, options: RandomFeaturesOptions = {}): Tensor {
  checkSize('drawRandomFeatures', 'numFeatures', numFeatures);
  checkSize('drawRandomFeatures', 'dim', dim);
  return tidy(() => {
    if (options.orthogonal === false) return randn([numFeatures, dim]);
    const blocks: Tensor[] = [];
    for (let rows = 0; rows < numFeatures; rows += dim) {
      const block = init.orthogonal(zeros([dim, dim]));
      blocks.push(rows + dim <= numFeatures ? block : narrow(block, 0, 0, numFeatures - rows));
    }
    const norms = sqrt(sum(square(randn([numFeatures, dim])), 1, true));
    return mul(cat(blocks, 0), norms);
  });
}

/** The paper's default feature count for head size d: ⌊d ln d⌋ (at least 1). */
export function defaultNumFeatures(dim: number): number {
  return Math.max(1, Math.floor(dim * Math.log(dim)));
}

/**
 * φ(x) = m^(-1/2) exp(w·x − ‖x‖²/2) for x = input·d^(-1/4), rows `[..., n, m]`. The largest
 * exponent over `stabiliseOver` is subtracted first (detached): a common factor of a query's
 * row, or of all keys of one sequence, cancels between FAVOR+'s numerator and denominator.
 */
function positiveFeatures(x: Tensor, features: Tensor, stabiliseOver: number[]): Tensor {
  const d = x.shape[x.ndim - 1];
  const scaled = x.mul(d ** -0.25);
  const exponent = matmul(scaled, transpose(features, 0, 1)).sub(sum(square(scaled), -1, true).div(2));
  const shift = detach(max(exponent, stabiliseOver, true));
  return exp(exponent.sub(shift)).div(Math.sqrt(features.shape[0]));
}

/** Positions per block of the causal form: its within-block scores are `[..., 64, 64]`. */
const CAUSAL_BLOCK = 64;

/**
 * Causal FAVOR+ by blocks of positions: within a block, the masked products
 * `tril(Q'_b K'_bᵀ)` (a block's square); across blocks, the running sums
 * `S = Σ φ(k_j) v_jᵀ` `[..., m, dv]` and `z = Σ φ(k_j)`, so memory stays O(L·m), not the
 * O(L·m·dv) of materialised prefix sums.
 */
function causalFavor(qp: Tensor, kp: Tensor, v: Tensor): Tensor {
  const L = qp.shape[qp.ndim - 2];
  const outputs: Tensor[] = [];
  let state: Tensor | null = null;
  let normaliser: Tensor | null = null;
  for (let start = 0; start < L; start += CAUSAL_BLOCK) {
    const size = Math.min(CAUSAL_BLOCK, L - start);
    const [qb, kb, vb] = [qp, kp, v].map((t) => narrow(t, -2, start, size));
    const local = tril(matmul(qb, transpose(kb, -2, -1)));
    let numerator = matmul(local, vb);
    let denominator = sum(local, -1, true);
    if (state && normaliser) {
      numerator = add(numerator, matmul(qb, state));
      denominator = add(denominator, matmul(qb, transpose(normaliser, -2, -1)));
    }
    outputs.push(div(numerator, denominator));
    const blockState = matmul(transpose(kb, -2, -1), vb);
    const blockNormaliser = sum(kb, -2, true);
    state = state ? add(state, blockState) : blockState;
    normaliser = normaliser ? add(normaliser, blockNormaliser) : blockNormaliser;
  }
  return outputs.length === 1 ? outputs[0] : cat(outputs, -2);
}

/**
 * FAVOR+ over query `[..., L, d]`, key `[..., S, d]`, value `[..., S, dv]` with the
 * `[m, d]` features: `Q'(K'ᵀV) / Q'(K'ᵀ1)`, or with `causal` the same over keys 0..i for
 * query i (L = S). `keep` (`[..., S, 1]`, 1 or 0) drops padded keys. Checked by the callers.
 */
export function favorCore(q: Tensor, k: Tensor, v: Tensor, features: Tensor, causal: boolean, keep: Tensor | null = null): Tensor {
  const qp = positiveFeatures(q, features, [-1]);
  const kAll = positiveFeatures(k, features, [-2, -1]);
  const kp = keep ? mul(kAll, keep) : kAll;
  if (causal) return causalFavor(qp, kp, v);
  const numerator = matmul(qp, matmul(transpose(kp, -2, -1), v));
  return div(numerator, matmul(qp, unsqueeze(sum(kp, -2), -1)));
}

/** Options of favorAttention. */
export interface FavorAttentionOptions extends RandomFeaturesOptions {
  /** The `[m, d]` projection (from drawRandomFeatures); drawn afresh when absent. */
  features?: Tensor | null;
  /** How many features to draw when `features` is absent. Default ⌊d ln d⌋. */
  numFeatures?: number;
  /** Query i attends to keys 0..i (needs L = S). Default false. */
  causal?: boolean;
}

/**
 * Performer attention: an unbiased positive-feature estimate of
 * `softmax(Q Kᵀ/√d) V` for query `[..., L, d]`, key `[..., S, d]`, value `[..., S, dv]`,
 * computed in O(L·m·d) time without forming the L×S matrix. The error falls as the number of
 * features m grows.
 * @example
 * const w = drawRandomFeatures(256, 64);
 * const out = favorAttention(q, k, v, { features: w, causal: true }); // q, k, v: [B, H, L, 64]
 */
export function favorAttention(q: Tensor, k: Tensor, v: Tensor, options: FavorAttentionOptions = {}): Tensor {
  const where = 'favorAttention';
  const shapes = `query ${fmt(q.shape)}, key ${fmt(k.shape)}, value ${fmt(v.shape)}`;
  for (const [name, t] of [['query', q], ['key', k], ['value', v]] as const) checkFloat(where, name, t, [2, 3, 4, 5, 6]);
  const d = q.shape[q.ndim - 1];
  const S = k.shape[k.ndim - 2];
  check(k.shape[k.ndim - 1] === d, where, () => `query and key must have the same last dimension, got ${shapes}`);
  check(v.shape[v.ndim - 2] === S, where, () => `key and value must have the same length (dimension -2), got ${shapes}`);
  const causal = options.causal ?? false;
  check(!causal || q.shape[q.ndim - 2] === S, where, () => `causal attention needs as many queries as keys, got ${shapes}`);
  const { features } = options;
  if (features) {
    checkFloat(where, 'features', features, [2]);
    check(features.shape[1] === d, where, () => `features must be [m, ${d}] for ${shapes}, got ${fmt(features.shape)}`);
  }
  return tidy(() => {
    const w = features ?? drawRandomFeatures(options.numFeatures ?? defaultNumFeatures(d), d, options);
    return favorCore(q, k, v, w, causal);
  });
}
