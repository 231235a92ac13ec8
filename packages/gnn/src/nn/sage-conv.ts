// SAGEConv (GraphSAGE, Hamilton et al.): x' = lin_l(AGG_j x_j) + lin_r(x_i), with PyG 2.5's
// options, initialisation and parameter keys (`lin_l.weight`, `lin_l.bias`, `lin_r.weight`).
import { add, clamp, div, sqrt, square, sum, type Tensor } from '@tessera/core';
import { Linear } from '@tessera/layers';
import { checkNodeFeatures } from '../checks.js';
import type { Aggregation } from './aggregate.js';
import type { GraphInput } from './edges.js';
import { MessagePassing } from './message-passing.js';

/** Options of SAGEConv, as PyG's. */
export interface SAGEConvOptions {
  /** Neighbour aggregation. Default 'mean'. */
  aggr?: Aggregation;
  /** L2-normalise each output row. Default false. */
  normalize?: boolean;
  /** Add the node's own transformed features (lin_r). Default true. */
  rootWeight?: boolean;
  /** Learn an additive bias (on lin_l). Default true. */
  bias?: boolean;
}

/**
 * GraphSAGE's layer. `lin_l` (with bias) and `lin_r` (without) start as PyTorch's Linear.
 * @example
 * const conv = new SAGEConv(16, 32);
 * const out = conv.call(x, edgeIndex); // [N, 16] → [N, 32]
 */
export class SAGEConv extends MessagePassing {
  readonly normalize: boolean;
  readonly rootWeight: boolean;
  readonly linL: Linear;
  readonly linR: Linear | null;

  constructor(readonly inChannels: number, readonly outChannels: number, options: SAGEConvOptions = {}) {
    super({ aggr: options.aggr ?? 'mean' });
    this.normalize = options.normalize ?? false;
    this.rootWeight = options.rootWeight ?? true;
    this.linL = this.registerModule('lin_l', new Linear(inChannels, outChannels, { bias: options.bias ?? true }));
    this.linR = this.registerModule('lin_r', this.rootWeight ? new Linear(inChannels, outChannels, { bias: false }) : null);
  }

  /** `x` `[N, inChannels]`, the graph (int32 `[2, E]` edge index or a CsrGraph) → `[N, outChannels]`. */
  forward(x: Tensor, graph: GraphInput): Tensor {
    checkNodeFeatures('SAGEConv', x, this.inChannels);
    let out = this.linL.forward(this.propagate(graph, { x }));
    if (this.linR) out = add(out, this.linR.forward(x));
    // F.normalize: x / max(‖x‖₂, 1e-12) per row.
    return this.normalize ? div(out, clamp(sqrt(sum(square(out), 1, true)), 1e-12)) : out;
  }
}
