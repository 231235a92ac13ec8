// GINConv (Xu et al., "How powerful are graph neural networks?"): x' = nn((1 + ε) x + Σ_j x_j),
// with PyG 2.5's options and keys (`nn.*`, and `eps`, a parameter with trainEps, else a buffer).
import { add, full, mul, type Tensor } from '@tessera/core';
import type { Module } from '@tessera/layers';
import { checkNodeFeatures } from '../checks.js';
import type { GraphInput } from './edges.js';
import { MessagePassing } from './message-passing.js';

/** Options of GINConv, as PyG's. */
export interface GINConvOptions {
  /** The initial ε. Default 0. */
  eps?: number;
  /** Learn ε. Default false. */
  trainEps?: boolean;
}

/**
 * The graph isomorphism layer: sums the neighbours, adds (1 + ε) times the node itself and
 * applies `nn`, a module mapping `[N, in]` to `[N, out]`.
 * @example
 * const conv = new GINConv(new Sequential(new Linear(8, 32), new ReLU(), new Linear(32, 32)));
 * const out = conv.call(x, edgeIndex);
 */
export class GINConv extends MessagePassing {
  readonly nn: Module;
  readonly trainEps: boolean;

  constructor(nn: Module, options: GINConvOptions = {}) {
    super({ aggr: 'add' });
    this.nn = this.registerModule('nn', nn);
    const eps = full([1], options.eps ?? 0);
    this.trainEps = options.trainEps ?? false;
    if (this.trainEps) this.registerParameter('eps', eps);
    else this.registerBuffer('eps', eps);
  }

  /** ε as a one-element tensor. */
  get eps(): Tensor {
    return this.trainEps ? this.getParameter('eps') : this.getBuffer('eps');
  }

  /** `x` `[N, F]`, the graph (int32 `[2, E]` edge index or a CsrGraph) → `nn`'s output for `[N, F]`. */
  forward(x: Tensor, graph: GraphInput): Tensor {
    checkNodeFeatures('GINConv', x);
    const out = add(this.propagate(graph, { x }), mul(add(this.eps, 1), x));
    return this.nn.forward(out);
  }
}
