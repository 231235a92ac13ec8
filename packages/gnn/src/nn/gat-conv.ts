// GATConv (Veličković et al.): attention over each node's incoming edges and its self-loop,
// per head, with PyG 2.5's options, initialisation and keys (`lin.weight`, `att_src`,
// `att_dst`, `bias`).
import { add, cat, dropout, eq, full, indexSelect, leakyRelu, mean, mul, reshape, sum, where, zeros, type Tensor } from '@tessera/core';
import { Linear } from '@tessera/layers';
import { checkNodeFeatures } from '../checks.js';
import { edgeRow } from '../utils/edge-row.js';
import { indexVector } from '../utils/host.js';
import { glorot } from './glorot.js';
import { checkEdges, MessagePassing } from './message-passing.js';
import { segmentSoftmax } from './segment-softmax.js';

/** Options of GATConv, as PyG's. */
export interface GATConvOptions {
  /** Number of attention heads. Default 1. */
  heads?: number;
  /** Concatenate the heads (`[N, heads·out]`) rather than average them (`[N, out]`). Default true. */
  concat?: boolean;
  /** Slope of the LeakyReLU on attention scores. Default 0.2. */
  negativeSlope?: number;
  /** Dropout probability on the attention coefficients in training. Default 0. */
  dropout?: number;
  /** Attend to the node itself through a self-loop. Default true. */
  addSelfLoops?: boolean;
  /** Learn an additive bias. Default true. */
  bias?: boolean;
}

/** Options of GATConv.forward. */
export interface GATConvForwardOptions {
  /** Also return the edges used and their attention coefficients `[E', heads]`. */
  returnAttentionWeights?: boolean;
}

/**
 * Graph attention: α_ij = softmax_j(LeakyReLU(a_srcᵀ W x_j + a_dstᵀ W x_i)) over the edges into
 * i, and x'_i = Σ_j α_ij W x_j per head. `lin.weight` `[heads·out, in]`, `att_src` and
 * `att_dst` `[1, heads, out]` start glorot-uniform, `bias` at zero, as PyG.
 * @example
 * const conv = new GATConv(16, 8, { heads: 4 });
 * const out = conv.call(x, edgeIndex); // [N, 16] → [N, 32]
 */
export class GATConv extends MessagePassing {
  readonly heads: number;
  readonly concat: boolean;
  readonly negativeSlope: number;
  readonly dropout: number;
  readonly addSelfLoops: boolean;
  readonly lin: Linear;

  constructor(readonly inChannels: number, readonly outChannels: number, options: GATConvOptions = {}) {
    super({ aggr: 'add' });
    this.heads = options.heads ?? 1;
    if (!Number.isInteger(this.heads) || this.heads < 1) throw new Error(`GATConv: heads must be a positive integer, got ${this.heads}`);
    this.concat = options.concat ?? true;
    this.negativeSlope = options.negativeSlope ?? 0.2;
    this.dropout = options.dropout ?? 0;
    this.addSelfLoops = options.addSelfLoops ?? true;
    this.lin = this.registerModule('lin', new Linear(inChannels, this.heads * outChannels, { bias: false }));
    glorot(this.lin.weight);
    this.registerParameter('att_src', glorot(zeros([1, this.heads, outChannels])));
    this.registerParameter('att_dst', glorot(zeros([1, this.heads, outChannels])));
    const biasSize = this.concat ? this.heads * outChannels : outChannels;
    this.registerParameter('bias', options.bias === false ? null : zeros([biasSize]));
  }

  /** `[1, heads, outChannels]`. */
  get attSrc(): Tensor {
    return this.getParameter('att_src');
  }

  /** `[1, heads, outChannels]`. */
  get attDst(): Tensor {
    return this.getParameter('att_dst');
  }

  /** `[heads·outChannels]` (concat) or `[outChannels]`, or null without bias. */
  get bias(): Tensor | null {
    return this.getOptionalParameter('bias');
  }

  /**
   * `x` `[N, inChannels]`, `edgeIndex` int32 `[2, E]` → `[N, heads·out]` (concat) or `[N, out]`.
   * With `returnAttentionWeights`, `[out, [edges, alpha]]`: the edges attended over (the
   * given ones, then one loop per node when adding loops; a loop already in `edgeIndex` stays
   * listed with weight 0, its attention going to the added loop) and `alpha` `[E', heads]`.
   */
  forward(x: Tensor, edgeIndex: Tensor): Tensor;
  forward(x: Tensor, edgeIndex: Tensor, options: GATConvForwardOptions & { returnAttentionWeights: true }): [Tensor, [Tensor, Tensor]];
  forward(x: Tensor, edgeIndex: Tensor, options: GATConvForwardOptions = {}): Tensor | [Tensor, [Tensor, Tensor]] {
    checkNodeFeatures('GATConv', x, this.inChannels);
    const n = x.shape[0];
    checkEdges('GATConv', edgeIndex, n);
    const { heads: h, outChannels: c } = this;
    const projected = reshape(this.lin.forward(x), [n, h, c]);
    const scoreSrc = sum(mul(projected, this.attSrc), -1);
    const scoreDst = sum(mul(projected, this.attDst), -1);
    let edges = edgeIndex;
    let existingLoop: Tensor | null = null;
    if (this.addSelfLoops) {
      // NOTE: PyG removes existing loops before adding one per node; masking them out of the
      // softmax gives the same result without reading the indices back.
      existingLoop = cat([eq(edgeRow(edgeIndex, 0), edgeRow(edgeIndex, 1)), full([n], false, { dtype: 'bool' })], 0);
      const loops = reshape(indexVector(Array.from({ length: n }, (_, i) => i)), [1, n]);
      edges = cat([edgeIndex, cat([loops, loops], 0)], 1);
    }
    const target = edgeRow(edges, 1);
    let score = leakyRelu(add(indexSelect(scoreSrc, 0, edgeRow(edges, 0)), indexSelect(scoreDst, 0, target)), this.negativeSlope);
    if (existingLoop) score = where(reshape(existingLoop, [-1, 1]), -Infinity, score);
    let alpha = segmentSoftmax(score, target, n);
    alpha = dropout(alpha, this.dropout, this.training);
    const aggregated = this.propagate(edges, { x: projected, edgeWeight: alpha });
    let out = this.concat ? reshape(aggregated, [n, h * c]) : mean(aggregated, 1);
    if (this.bias) out = add(out, this.bias);
    return options.returnAttentionWeights ? [out, [edges, alpha]] : out;
  }
}
