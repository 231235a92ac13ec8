// GCNConv (Kipf & Welling): x' = D^-1/2 (A + I) D^-1/2 x Wᵀ + b, with PyG 2.5's options,
// initialisation and parameter keys (`lin.weight`, `bias`).
import { add, keep, mul, tidy, unsqueeze, zeros, type Tensor } from '@tessera/core';
import { detach } from '@tessera/autograd';
import { Linear } from '@tessera/layers';
import { checkEdgeWeight, checkNodeFeatures } from '../checks.js';
import type { EdgeView, GraphInput } from './edges.js';
import { gcnNorm, type GcnNormalized } from './gcn-norm.js';
import { glorot } from './glorot.js';
import { MessagePassing } from './message-passing.js';

/** Options of GCNConv, as PyG's. */
export interface GCNConvOptions {
  /** Self-loops of weight 2 instead of 1 (A + 2I). Default false. */
  improved?: boolean;
  /** Normalise the graph on the first call and reuse it (transductive learning). Default false. */
  cached?: boolean;
  /** Add a self-loop per node before normalising. Default: the value of `normalize`. */
  addSelfLoops?: boolean;
  /** Apply the symmetric normalisation (otherwise edges carry `edgeWeight` or 1). Default true. */
  normalize?: boolean;
  /** Learn an additive bias. Default true. */
  bias?: boolean;
}

/**
 * The graph convolution of Kipf & Welling. `lin.weight` `[out, in]` starts glorot-uniform,
 * `bias` `[out]` at zero, as PyG.
 * @example
 * const conv = new GCNConv(16, 7);
 * const out = conv.call(x, edgeIndex); // x [N, 16], edgeIndex int32 [2, E] → [N, 7]
 */
export class GCNConv extends MessagePassing {
  readonly improved: boolean;
  readonly cached: boolean;
  readonly addSelfLoops: boolean;
  readonly normalize: boolean;
  readonly lin: Linear;
  #cache: { view: EdgeView; norm: GcnNormalized } | null = null;

  constructor(readonly inChannels: number, readonly outChannels: number, options: GCNConvOptions = {}) {
    super({ aggr: 'add' });
    this.improved = options.improved ?? false;
    this.cached = options.cached ?? false;
    this.normalize = options.normalize ?? true;
    this.addSelfLoops = options.addSelfLoops ?? this.normalize;
    if (this.addSelfLoops && !this.normalize) {
      throw new Error("GCNConv: addSelfLoops needs normalize (PyG adds the loops while normalising); add them with addSelfLoops() first");
    }
    this.lin = this.registerModule('lin', new Linear(inChannels, outChannels, { bias: false }));
    glorot(this.lin.weight);
    this.registerParameter('bias', options.bias === false ? null : zeros([outChannels]));
  }

  /** `[outChannels]`, or null without bias. */
  get bias(): Tensor | null {
    return this.getOptionalParameter('bias');
  }

  /**
   * `x` `[N, inChannels]`, the graph (int32 `[2, E]` edge index or a CsrGraph), optional
   * `edgeWeight` `[E]` (in the edge index's order, or CSR order for a CsrGraph) → `[N, outChannels]`.
   */
  forward(x: Tensor, graph: GraphInput, edgeWeight: Tensor | null = null): Tensor {
    checkNodeFeatures('GCNConv', x, this.inChannels);
    const cache = this.#cache;
    const view = cache?.view ?? this.graphView(graph, x.shape[0]);
    if (edgeWeight && !cache) checkEdgeWeight('GCNConv', edgeWeight, view.numEdges);
    return tidy(() => {
      const h = this.lin.forward(x);
      let out: Tensor;
      if (this.normalize) {
        const norm = cache?.norm ?? this.#normalize(view, edgeWeight ? view.fromCallerOrder(edgeWeight) : null);
        out = this.propagateOn(view, { x: h, edgeWeight: norm.weight }, false);
        if (norm.loop) out = add(out, mul(h, unsqueeze(norm.loop, 1)));
      } else {
        out = this.propagateOn(view, { x: h, edgeWeight }, true);
      }
      return this.bias ? add(out, this.bias) : out;
    });
  }

  #normalize(view: EdgeView, edgeWeight: Tensor | null): GcnNormalized {
    const norm = gcnNorm(view, edgeWeight, { addSelfLoops: this.addSelfLoops, fillValue: this.improved ? 2 : 1 });
    if (this.cached) {
      // The cache outlives this call's tidy scope and autograd: plain values, no gradient history.
      this.#cache = { view, norm: { weight: keep(detach(norm.weight)), loop: norm.loop ? keep(detach(norm.loop)) : null } };
    }
    return norm;
  }

  /** Forgets the cached normalised graph (PyG's `_cached_edge_index = None`). */
  resetCache(): void {
    if (!this.#cache) return;
    const { norm } = this.#cache;
    norm.weight.dispose();
    norm.loop?.dispose();
    this.#cache = null;
  }

  /** Frees the parameters and the cached graph. */
  override dispose(): void {
    this.resetCache();
    super.dispose();
  }
}
