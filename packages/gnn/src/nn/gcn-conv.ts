// GCNConv (Kipf & Welling): x' = D^-1/2 (A + I) D^-1/2 x Wᵀ + b, with PyG 2.5's options,
// initialisation and parameter keys (`lin.weight`, `bias`).
import { add, keep, zeros, type Tensor } from '@tessera/core';
import { Linear } from '@tessera/layers';
import { checkEdgeWeight, checkNodeFeatures } from '../checks.js';
import { gcnNorm } from './gcn-norm.js';
import { glorot } from './glorot.js';
import { checkEdges, MessagePassing } from './message-passing.js';

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
  #cache: [Tensor, Tensor] | null = null;

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

  /** `x` `[N, inChannels]`, `edgeIndex` int32 `[2, E]`, optional `edgeWeight` `[E]` → `[N, outChannels]`. */
  forward(x: Tensor, edgeIndex: Tensor, edgeWeight: Tensor | null = null): Tensor {
    checkNodeFeatures('GCNConv', x, this.inChannels);
    checkEdges('GCNConv', edgeIndex, x.shape[0]);
    if (edgeWeight) checkEdgeWeight('GCNConv', edgeWeight, edgeIndex.shape[1]);
    let [edges, weights] = [edgeIndex, edgeWeight];
    if (this.normalize) [edges, weights] = this.#normalized(edgeIndex, edgeWeight, x.shape[0]);
    const out = this.propagate(edges, { x: this.lin.forward(x), edgeWeight: weights });
    return this.bias ? add(out, this.bias) : out;
  }

  #normalized(edgeIndex: Tensor, edgeWeight: Tensor | null, numNodes: number): [Tensor, Tensor] {
    if (this.#cache) return this.#cache;
    const result = gcnNorm(edgeIndex, edgeWeight, numNodes, { addSelfLoops: this.addSelfLoops, fillValue: this.improved ? 2 : 1 });
    if (this.cached) this.#cache = [keep(result[0]), keep(result[1])];
    return result;
  }

  /** Forgets the cached normalised graph (PyG's `_cached_edge_index = None`). */
  resetCache(): void {
    for (const t of this.#cache ?? []) t.dispose();
    this.#cache = null;
  }

  /** Frees the parameters and the cached graph. */
  override dispose(): void {
    this.resetCache();
    super.dispose();
  }
}
