// GATConv (Veličković et al.): attention over each node's incoming edges and its self-loop,
// per head, with PyG 2.5's options, initialisation and keys (`lin.weight`, `att_src`,
// `att_dst`, `bias`).
import { add, arange, cat, dropout, eq, indexSelect, leakyRelu, mean, mul, reshape, stack, sum, tidy, unsqueeze, where, zeros, type Tensor } from '@tessera/core';
import { Linear } from '@tessera/layers';
import { checkNodeFeatures } from '../checks.js';
import type { EdgeView, GraphInput } from './edges.js';
import { glorot } from './glorot.js';
import { MessagePassing } from './message-passing.js';
import { attentionSoftmax } from './segment-softmax.js';

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
   * `x` `[N, inChannels]`, the graph (int32 `[2, E]` edge index or a CsrGraph) → `[N, heads·out]`
   * (concat) or `[N, out]`. With `returnAttentionWeights`, `[out, [edges, alpha]]`: the edges
   * attended over (the given ones in their order, or CSR order for a CsrGraph, then one loop
   * per node when adding loops; a loop already in the graph stays listed with weight 0, its
   * attention going to the added loop) and `alpha` `[E', heads]`.
   */
  forward(x: Tensor, graph: GraphInput): Tensor;
  forward(x: Tensor, graph: GraphInput, options: GATConvForwardOptions & { returnAttentionWeights: true }): [Tensor, [Tensor, Tensor]];
  forward(x: Tensor, graph: GraphInput, options: GATConvForwardOptions = {}): Tensor | [Tensor, [Tensor, Tensor]] {
    checkNodeFeatures('GATConv', x, this.inChannels);
    const view = this.graphView(graph, x.shape[0]);
    return tidy(() => this.#attend(x, view, options.returnAttentionWeights ?? false));
  }

  #attend(x: Tensor, view: EdgeView, returnAttention: boolean): Tensor | [Tensor, [Tensor, Tensor]] {
    const n = x.shape[0];
    const { heads: h, outChannels: c } = this;
    const projected = reshape(this.lin.forward(x), [n, h, c]);
    const scoreSrc = sum(mul(projected, this.attSrc), -1);
    const scoreDst = sum(mul(projected, this.attDst), -1);
    let score = leakyRelu(add(indexSelect(scoreSrc, 0, view.source), indexSelect(scoreDst, 0, view.target)), this.negativeSlope);
    let loopScore: Tensor | null = null;
    if (this.addSelfLoops) {
      // NOTE: PyG removes existing loops and adds one per node; here existing loops are masked
      // out of the softmax and each node's loop is a separate term, so the graph never changes.
      score = where(unsqueeze(eq(view.source, view.target), 1), -Infinity, score);
      loopScore = leakyRelu(add(scoreSrc, scoreDst), this.negativeSlope);
    }
    // Without added loops the softmax runs over the graph's edges alone: core's segmentSoftmax
    // kernel on a CSR view.
    let [alpha, loopAlpha] = loopScore ? attentionSoftmax(score, view.target, n, loopScore) : [view.softmax(score), null];
    alpha = dropout(alpha, this.dropout, this.training);
    if (loopAlpha) loopAlpha = dropout(loopAlpha, this.dropout, this.training);
    let aggregated = this.propagateOn(view, { x: projected, edgeWeight: alpha }, false);
    if (loopAlpha) aggregated = add(aggregated, mul(projected, unsqueeze(loopAlpha, 2)));
    let out = this.concat ? reshape(aggregated, [n, h * c]) : mean(aggregated, 1);
    if (this.bias) out = add(out, this.bias);
    if (!returnAttention) return out;
    const viewEdges = view.callerEdges();
    const loops = arange(0, n, 1, { dtype: 'int32' });
    const edges = loopAlpha ? cat([viewEdges, stack([loops, loops], 0)], 1) : viewEdges;
    const weights = view.toCallerOrder(alpha);
    return [out, [edges, loopAlpha ? cat([weights, loopAlpha], 0) : weights]];
  }
}
